package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full, flushed commit-log files give their mapping back when idle ({@link MappedFile#unmapIfIdle},
 * {@link MappedFileQueue#unmapIdle}): they leave the process's mappings, keep their bytes, map again for the next
 * reader, and are never unmapped while written, unflushed or held.
 */
@Timeout(60)
class IdleUnmapTest {
    private static final int SIZE = 64 * 1024;

    @TempDir
    Path dir;

    private static MappedFile fullFile(Path dir, long from, byte seed) {
        MappedFile f = MappedFile.open(dir, from, SIZE);
        for (int i = 0; i < SIZE; i++) {
            f.buffer().put(i, (byte) (seed + i));
        }
        f.wrotePosition(SIZE);
        f.flush(0);
        return f;
    }

    private static byte[] read(MappedFile f, int pos, int len) {
        assertTrue(f.acquire());
        try {
            ByteBuffer b = f.slice(pos, len);
            byte[] out = new byte[len];
            b.get(out);
            return out;
        } finally {
            f.release();
        }
    }

    private static byte[] expected(byte seed, int pos, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) (seed + pos + i);
        }
        return out;
    }

    private static boolean inProcessMappings(Path file) throws IOException {
        return Files.readString(Path.of("/proc/self/maps")).contains(file.toAbsolutePath().toString());
    }

    @Test
    void idleFullFlushedFileLeavesTheProcessMappingsAndMapsAgainWithItsBytes() throws IOException {
        MappedFile f = fullFile(dir, 0, (byte) 7);
        assertTrue(inProcessMappings(f.path()));

        assertTrue(f.unmapIfIdle(0));
        assertFalse(f.isMapped());
        assertFalse(inProcessMappings(f.path()), "an unmapped file is gone from /proc/self/maps");
        assertEquals(1, f.references());

        assertArrayEquals(expected((byte) 7, 1000, 3000), read(f, 1000, 3000));
        assertTrue(f.isMapped());
        assertTrue(inProcessMappings(f.path()));
        f.destroy();
        assertFalse(Files.exists(f.path()));
    }

    @Test
    void notUnmappedWhileHeldWrittenUnflushedOrRecentlyUsed() {
        MappedFile held = fullFile(dir, 0, (byte) 1);
        assertTrue(held.acquire());
        ByteBuffer slice = held.slice(0, 16);
        assertFalse(held.unmapIfIdle(0), "a reader holds a slice");
        assertEquals((byte) 1, slice.get(0));
        held.release();

        MappedFile writing = MappedFile.open(dir, SIZE, SIZE);
        writing.wrotePosition(100);
        writing.flush(0);
        assertFalse(writing.unmapIfIdle(0), "not full: still written");

        MappedFile unflushed = MappedFile.open(dir, 2L * SIZE, SIZE);
        unflushed.wrotePosition(SIZE);
        assertFalse(unflushed.unmapIfIdle(0), "full but not flushed");

        MappedFile recent = fullFile(dir, 3L * SIZE, (byte) 2);
        assertTrue(recent.acquire());
        recent.release();
        assertFalse(recent.unmapIfIdle(TimeUnit.SECONDS.toNanos(60)), "used within the idle time");
        assertTrue(recent.isMapped());
        for (MappedFile f : List.of(held, writing, unflushed, recent)) {
            f.destroy();
        }
    }

    @Test
    void queueNeverUnmapsItsLastFileAndTruncationMapsAgain() {
        MappedFileQueue q = new MappedFileQueue(dir, SIZE, null);
        q.load();
        fullFile(dir, 0, (byte) 3).close();
        fullFile(dir, SIZE, (byte) 4).close();
        q.load();
        q.flush(0);
        assertEquals(1, q.unmapIdle(0), "only the first of two files");
        assertFalse(q.files().get(0).isMapped());
        assertTrue(q.files().get(1).isMapped());

        q.truncateTo(100); // into the unmapped file: it is mapped again, zeroed past 100, the later file goes
        assertEquals(1, q.files().size());
        assertEquals(100, q.maxOffset());
        byte[] kept = read(q.files().get(0), 0, 100);
        assertArrayEquals(expected((byte) 3, 0, 100), kept);
        assertEquals(0, read(q.files().get(0), 100, 1)[0] == 0 ? 0 : 1, "zeroed past the truncation point");
        q.close();
    }

    @Test
    void readersRacingTheTrimmerAlwaysReadTheFileBytes() throws Exception {
        MappedFile f = fullFile(dir, 0, (byte) 9);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int pos = 4096 * (t + 1);
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    byte[] want = expected((byte) 9, pos, 512);
                    while (!stop.get()) {
                        assertArrayEquals(want, read(f, pos, 512));
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<Integer> trimmer = pool.submit(() -> {
                int unmaps = 0;
                while (!stop.get()) {
                    if (f.unmapIfIdle(0)) {
                        unmaps++;
                    }
                }
                return unmaps;
            });
            Thread.sleep(1500);
            stop.set(true);
            for (Future<Integer> r : readers) {
                assertTrue(r.get(10, TimeUnit.SECONDS) > 0);
            }
            assertTrue(trimmer.get(10, TimeUnit.SECONDS) > 0, "the trimmer got in between reads");
            assertEquals(1, f.references(), "every reference taken was given back");
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        f.destroy();
    }
}
