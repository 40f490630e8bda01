package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {
    @TempDir
    Path dir;

    @Test
    void headerSlotsAndItemsFollowTheLayout() throws Exception {
        Path p = dir.resolve("20260101000000000");
        IndexFile f = IndexFile.open(p, 8, 16);
        assertTrue(f.put("T#k1", 100, 1_000_000));
        assertTrue(f.put("T#k1", 300, 1_005_000));
        assertEquals(0, f.endPhyOffset(), "put does not move the end offset; only passed() does");
        f.passed(400, 1_005_000);
        f.flush();
        f.close();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
        assertEquals(40 + 8 * 4 + 16 * 20, b.limit());
        assertEquals(1_000_000, b.getLong(0), "beginTimestamp");
        assertEquals(1_005_000, b.getLong(8), "endTimestamp");
        assertEquals(100, b.getLong(16), "beginPhyOffset");
        assertEquals(400, b.getLong(24), "endPhyOffset: the end of the last message passed");
        assertEquals(1, b.getInt(32), "hashSlotCount");
        assertEquals(3, b.getInt(36), "indexCount starts at 1");
        int hash = Math.abs("T#k1".hashCode());
        int slot = 40 + (hash % 8) * 4;
        assertEquals(2, b.getInt(slot), "slot holds the newest item");
        int item2 = 40 + 8 * 4 + 2 * 20;
        assertEquals(hash, b.getInt(item2));
        assertEquals(300, b.getLong(item2 + 4));
        assertEquals(5, b.getInt(item2 + 12), "time difference in seconds");
        assertEquals(1, b.getInt(item2 + 16), "link to the previous item");
    }

    @Test
    void aFullFileRollsAndLookupsSpanFilesNewestFirst() throws Exception {
        MutableClock clock = new MutableClock(StoreFixture.T0);
        IndexService idx = new IndexService(dir, 4, 5, clock);
        for (int i = 0; i < 10; i++) {
            clock.advance(1);
            idx.put(new DispatchRequest("T", 0, 100L * i, 100, 0, StoreFixture.T0 + 1000L * i, i, "same k" + i, null, 0));
        }
        int files;
        try (Stream<Path> s = Files.list(dir)) {
            files = (int) s.count();
        }
        assertTrue(files >= 4, "5 items per file (4 usable), 2 keys per message: " + files);
        List<Long> all = idx.query("T", "same", 100, 0, Long.MAX_VALUE);
        assertEquals(List.of(900L, 800L, 700L, 600L, 500L, 400L, 300L, 200L, 100L, 0L), all);
        assertEquals(List.of(300L, 200L), idx.query("T", "same", 100, StoreFixture.T0 + 2000, StoreFixture.T0 + 3000));
        assertEquals(List.of(500L), new ArrayList<>(idx.query("T", "k5", 100, 0, Long.MAX_VALUE)));
        assertEquals(1000L, idx.endPhyOffset());
        int deleted = idx.deleteExpired(600);
        assertTrue(deleted >= 1);
        assertTrue(idx.query("T", "same", 100, 0, Long.MAX_VALUE).contains(900L));
        assertTrue(!idx.query("T", "same", 100, 0, Long.MAX_VALUE).contains(0L), "items of deleted files are gone");
        idx.close();
    }

    @Test
    void aKeyAlreadyIndexedAtTheSameOffsetIsNotWrittenAgain() {
        IndexFile f = IndexFile.open(dir.resolve("20260101000000000"), 2, 16);
        assertTrue(f.put("T#a", 100, 1_000_000));
        assertTrue(f.put("T#b", 100, 1_000_000));
        assertTrue(f.put("T#c", 100, 1_000_000));
        int count = f.indexCount();
        assertTrue(f.put("T#a", 100, 1_000_000));
        assertTrue(f.put("T#b", 100, 1_000_000));
        assertTrue(f.put("T#c", 100, 1_000_000));
        assertEquals(count, f.indexCount(), "a replayed key of the same message adds no item");
        assertTrue(f.put("T#a", 200, 1_001_000));
        assertEquals(count + 1, f.indexCount(), "the same key in a later message is a new item");
        f.close();
    }

    @Test
    void aMessageTornBetweenItsKeysByACrashIsFoundOnceAfterReplay() throws Exception {
        IndexService idx = new IndexService(dir, 8, 64, new MutableClock(StoreFixture.T0));
        idx.put(new DispatchRequest("T", 0, 0, 100, 0, StoreFixture.T0, 0, "k0", "U0", 0));
        assertEquals(100, idx.endPhyOffset());
        idx.close();
        Path file;
        try (Stream<Path> s = Files.list(dir)) {
            file = s.findFirst().orElseThrow();
        }
        // the crash: the second message's unique key and first key reached the file, then the process died
        IndexFile torn = IndexFile.open(file, 8, 64);
        torn.put("T#U1", 100, StoreFixture.T0 + 1000);
        torn.put("T#k1", 100, StoreFixture.T0 + 1000);
        torn.flush();
        torn.close();

        IndexService replay = new IndexService(dir, 8, 64, new MutableClock(StoreFixture.T0 + 5000));
        replay.load();
        assertEquals(100, replay.endPhyOffset(), "the torn message is not marked as passed");
        DispatchRequest second = new DispatchRequest("T", 0, 100, 120, 0, StoreFixture.T0 + 1000, 1, "k1 k2", "U1", 0);
        replay.put(second);
        replay.put(second);
        assertEquals(220, replay.endPhyOffset());
        assertEquals(List.of(100L), replay.query("T", "U1", 10, 0, Long.MAX_VALUE), "unique key");
        assertEquals(List.of(100L), replay.query("T", "k1", 10, 0, Long.MAX_VALUE), "key indexed before the crash");
        assertEquals(List.of(100L), replay.query("T", "k2", 10, 0, Long.MAX_VALUE), "key indexed by the replay");
        assertEquals(List.of(0L), replay.query("T", "U0", 10, 0, Long.MAX_VALUE));
        replay.close();
    }

    @Test
    void lookupsReportEachOffsetOnceInNewestFirstOrder() {
        IndexService idx = new IndexService(dir, 4, 64, new MutableClock(StoreFixture.T0));
        // a message whose unique key equals one of its keys is indexed under the same hash twice
        idx.put(new DispatchRequest("T", 0, 0, 100, 0, StoreFixture.T0, 0, "dup dup", "dup", 0));
        idx.put(new DispatchRequest("T", 0, 100, 100, 0, StoreFixture.T0 + 1000, 1, "dup", null, 0));
        assertEquals(List.of(100L, 0L), idx.query("T", "dup", 10, 0, Long.MAX_VALUE));
        assertEquals(List.of(100L), idx.query("T", "dup", 1, 0, Long.MAX_VALUE), "max counts distinct offsets");
        idx.close();
    }
}
