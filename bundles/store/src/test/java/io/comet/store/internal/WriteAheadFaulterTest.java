package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit log's pages are faulted in ahead of the writer ({@link WriteAheadFaulter}): pages from the write end to
 * the distance ahead become resident, nothing past it, the next prepared file is entered, and - what matters - not
 * a byte the writer wrote is ever changed, however the two race.
 */
@Timeout(60)
class WriteAheadFaulterTest {
    private static final int PAGE = MappedFile.PAGE;
    private static final int SIZE = 256 * PAGE;
    /** The first line of a mapping's entry in smaps: its address range. */
    private static final java.util.regex.Pattern MAPPING_LINE = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    @TempDir
    Path dir;

    /**
     * Pages of {@code f}'s mapping that are dirty in this process ({@code /proc/self/smaps}, Shared_Dirty +
     * Private_Dirty): pages written through the mapping, which is what the faulter's touch does. Pages the kernel
     * only read ahead are clean, so this counts exactly the pages written or faulted for write.
     */
    private static long dirtyPages(MappedFile f) throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "needs Linux /proc/self/smaps");
        String name = f.path().toRealPath().toString();
        long kb = 0;
        boolean in = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (MAPPING_LINE.matcher(line).lookingAt()) {
                in = line.endsWith(" " + name);
            } else if (in && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:"))) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb * 1024 / PAGE;
    }

    @Test
    void pagesFromTheWriteEndToTheDistanceAheadAreFaultedAndNoFurther() throws IOException {
        MappedFile f = MappedFile.open(dir, 0, SIZE);
        try {
            int end = 10 * PAGE + 100;
            for (int i = 0; i < end; i++) {
                f.buffer().put(i, (byte) (i * 31 + 7));
            }
            f.wrotePosition(end);
            WriteAheadFaulter faulter = new WriteAheadFaulter(() -> end, off -> off < SIZE ? f : null, 40L * PAGE);
            assertEquals(11, dirtyPages(f), "the writer dirtied pages 0-10");
            faulter.faultUpTo(end);
            assertEquals(51L * PAGE, faulter.frontier(), "the frontier is the first page boundary past end + distance");
            assertEquals(51, dirtyPages(f), "pages 11-50 were faulted for write, none beyond the distance");
            for (int i = 0; i < end; i++) {
                assertEquals((byte) (i * 31 + 7), f.buffer().get(i), "written byte " + i + " unchanged");
            }
            for (int p = end; p < SIZE; p++) {
                assertEquals(0, f.buffer().get(p), "byte " + p + " past the write end is still zero");
            }
        } finally {
            f.close();
        }
    }

    @Test
    void theDistanceFollowsTheWriteRateAndASlowWriterGetsNone() {
        WriteAheadFaulter faulter = new WriteAheadFaulter(() -> 0, off -> null, 32L << 20);
        assertEquals(0, faulter.distanceFor(0));
        assertEquals(0, faulter.distanceFor(2e6), "2 MB/s (end-to-end test rate) is left to the writer");
        assertEquals((long) (40e6 * 0.25), faulter.distanceFor(40e6), "a quarter second of writing ahead");
        assertEquals(32L << 20, faulter.distanceFor(400e6), "capped at the configured distance");
    }

    @Test
    void theNextPreparedFileIsEnteredAtTheEndOfTheCurrentOne() throws IOException {
        MappedFile a = MappedFile.open(dir, 0, SIZE);
        MappedFile b = MappedFile.open(dir, SIZE, SIZE);
        try {
            long end = SIZE - 2 * PAGE;
            WriteAheadFaulter faulter = new WriteAheadFaulter(() -> end, off -> off < SIZE ? a : b, 20L * PAGE);
            faulter.faultUpTo(end);
            assertEquals(SIZE + 18L * PAGE, faulter.frontier());
            assertEquals(2, dirtyPages(a), "the last two pages of the current file");
            assertEquals(18, dirtyPages(b), "the first 18 pages of the next file");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void stopsWhereTheNextFileIsNotPreparedYetAndGoesOnOnceItIs() {
        MappedFile a = MappedFile.open(dir, 0, SIZE);
        MappedFile[] next = new MappedFile[1];
        try {
            long end = SIZE - 4 * PAGE;
            WriteAheadFaulter faulter = new WriteAheadFaulter(() -> end, off -> off < SIZE ? a : next[0], 16L * PAGE);
            faulter.faultUpTo(end);
            assertEquals(SIZE, faulter.frontier(), "stops at the end of the last file there is");
            next[0] = MappedFile.open(dir, SIZE, SIZE);
            faulter.faultUpTo(end);
            assertEquals(SIZE + 12L * PAGE, faulter.frontier());
        } finally {
            a.close();
            if (next[0] != null) {
                next[0].close();
            }
        }
    }

    /**
     * A writer appends random records (no zero bytes, so any byte the faulter zeroed would show) while another thread
     * runs the faulter's passes back to back with a short distance, so the two meet at the same pages all the time.
     */
    @Test
    void racingTheWriterNeverChangesAWrittenByte() throws Exception {
        MappedFile f = MappedFile.open(dir, 0, SIZE * 8);
        try {
            AtomicLong written = new AtomicLong();
            byte[] expected = new byte[SIZE * 8];
            ThreadLocalRandom.current().nextBytes(expected);
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] == 0) {
                    expected[i] = 1;
                }
            }
            WriteAheadFaulter faulter = new WriteAheadFaulter(written::get, off -> off < SIZE * 8L ? f : null, 3L * PAGE);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread passes = new Thread(() -> {
                while (!done.get()) {
                    faulter.faultUpTo(written.get());
                }
            }, "test-fault-passes");
            passes.start();
            try {
                int pos = 0;
                while (pos < expected.length) {
                    int n = Math.min(expected.length - pos, 1 + ThreadLocalRandom.current().nextInt(3 * PAGE));
                    for (int i = 0; i < n; i++) {
                        f.buffer().put(pos + i, expected[pos + i]);
                    }
                    pos += n;
                    written.set(pos);
                    f.wrotePosition(pos);
                }
            } finally {
                done.set(true);
                passes.join(10_000);
            }
            assertTrue(faulter.touchedPages() > 0);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], f.buffer().get(i), "byte " + i);
            }
        } finally {
            f.close();
        }
    }
}
