package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeQueueTest {
    private static final int FILE = 20 * 10;

    @TempDir
    Path dir;

    @Test
    void unitsAre20BytesAtQueueOffsetTimes20InFilesNamedByByteOffset() throws Exception {
        ConsumeQueue cq = new ConsumeQueue(dir, "T", 3, FILE);
        for (int i = 0; i < 15; i++) {
            assertTrue(cq.put(1000L * i, 100 + i, 7000 + i, i));
        }
        assertEquals(15, cq.maxOffset());
        cq.flush(0);
        Path q = dir.resolve("T").resolve("3");
        assertTrue(Files.exists(q.resolve("00000000000000000000")));
        assertTrue(Files.exists(q.resolve("00000000000000000200")), "second file named by its first byte offset");
        ByteBuffer second = ByteBuffer.wrap(Files.readAllBytes(q.resolve("00000000000000000200")));
        assertEquals(10_000L, second.getLong(0), "unit 10: commit-log offset");
        assertEquals(110, second.getInt(8), "unit 10: size");
        assertEquals(7010L, second.getLong(12), "unit 10: tag code");
        long[] phys = new long[4];
        int[] sizes = new int[4];
        long[] tags = new long[4];
        assertEquals(2, cq.read(8, 4, phys, sizes, tags), "a read stays within one file: units 8 and 9");
        assertEquals(8000L, phys[0]);
        assertEquals(109, sizes[1]);
        assertEquals(4, cq.read(10, 4, phys, sizes, tags));
        assertEquals(13_000L, phys[3]);
        cq.close();
    }

    @Test
    void replaysAreIgnoredAndAQueueStartingLateIsPaddedWithDummies() {
        ConsumeQueue cq = new ConsumeQueue(dir, "Late", 0, FILE);
        assertTrue(cq.put(5000, 50, 0, 12));
        assertEquals(12, cq.minOffset());
        assertEquals(13, cq.maxOffset());
        assertTrue(cq.put(5000, 50, 0, 12), "the same message again is a no-op");
        assertEquals(13, cq.maxOffset());
        long[] phys = new long[1];
        int[] sizes = new int[1];
        long[] tags = new long[1];
        assertEquals(1, cq.read(10, 1, phys, sizes, tags));
        assertEquals(Integer.MAX_VALUE, sizes[0], "dummy unit before the first real one");
        cq.close();
    }

    @Test
    void recoveryStopsAtTheFirstEmptyUnitAndTruncationCutsByCommitLogOffset() {
        ConsumeQueue cq = new ConsumeQueue(dir, "R", 1, FILE);
        for (int i = 0; i < 25; i++) {
            cq.put(100L * i, 100, 0, i);
        }
        cq.flush(0);
        cq.close();
        ConsumeQueue again = new ConsumeQueue(dir, "R", 1, FILE);
        again.load();
        again.recover();
        assertEquals(25, again.maxOffset());
        assertEquals(2500, again.maxPhysicOffset());
        again.truncateDirty(1750);
        assertEquals(18, again.maxOffset(), "units pointing at or past 1750 are gone (17 -> 1700 stays)");
        assertEquals(1800, again.maxPhysicOffset());
        assertTrue(again.put(1800, 100, 0, 18), "writing continues at the cut");
        again.correctMinOffset(1050);
        assertEquals(11, again.minOffset(), "first unit at or past the commit log's min offset");
        assertEquals(1, again.deleteExpired(1050), "file 0 (units 0-9) only points below 1050");
        assertFalse(Files.exists(dir.resolve("R").resolve("1").resolve("00000000000000000000")));
        again.close();
    }
}
