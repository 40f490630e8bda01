package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Flushes must never mark bytes as on disk that no force covered: not across a truncation, not on a closed file. */
@Timeout(60)
class FlushTruncateTest {
    @TempDir
    Path dir;

    @Test
    void aFlushOfAFileThatIsGoingAwayDoesNotRaiseItsFlushedPosition() {
        MappedFile f = MappedFile.open(dir, 0, 8192);
        f.wrotePosition(100);
        f.close();
        assertEquals(0, f.flush(0), "no force ran");
        assertEquals(0, f.flushedPosition());
    }

    @Test
    void aTruncationWaitsForARunningFlushSoTheFlushCannotMarkTheCutBytesFlushed() throws Exception {
        CommitLog log = new CommitLog(dir.resolve("commitlog"), 1 << 16, null, Clock.systemUTC());
        ByteBuffer chunk = ByteBuffer.allocate(2 * MappedFile.PAGE);
        log.putLock().lock();
        try {
            log.appendRaw(0, chunk.duplicate());
        } finally {
            log.putLock().unlock();
        }
        CountDownLatch truncated = new CountDownLatch(1);
        Thread cutter;
        synchronized (log.flushLock()) { // a flush in progress that read the old end
            cutter = new Thread(() -> {
                log.putLock().lock();
                try {
                    log.truncateTo(MappedFile.PAGE);
                } finally {
                    log.putLock().unlock();
                }
                truncated.countDown();
            }, "test-cutter");
            cutter.start();
            assertFalse(truncated.await(300, TimeUnit.MILLISECONDS), "truncation must wait for the running flush");
        }
        assertTrue(truncated.await(10, TimeUnit.SECONDS));
        cutter.join(10_000);
        MappedFile f = log.files().last();
        assertEquals(MappedFile.PAGE, f.wrotePosition());
        assertTrue(f.flushedPosition() <= MappedFile.PAGE, "flushed " + f.flushedPosition());
        assertTrue(log.flushedOffset() <= MappedFile.PAGE);
        assertEquals(MappedFile.PAGE, log.flush(0), "a flush after the cut covers exactly the kept bytes");
        log.close();
    }

    @Test
    void aTruncationZeroesEveryStaleByteUpToTheOldEndEvenPastAZeroPage() {
        MappedFileQueue q = new MappedFileQueue(dir.resolve("q"), 4 * MappedFile.PAGE, null);
        MappedFile f = q.lastForWrite(0);
        for (int i = 0; i < 100; i++) {
            f.buffer().put(i, (byte) 7);
        }
        // page 1 stays zero; stale data follows in page 2
        for (int i = 2 * MappedFile.PAGE; i < 2 * MappedFile.PAGE + 300; i++) {
            f.buffer().put(i, (byte) 9);
        }
        f.wrotePosition(2 * MappedFile.PAGE + 300);
        q.truncateTo(50);
        assertEquals(50, f.wrotePosition());
        assertEquals(7, f.buffer().get(49), "kept bytes stay");
        for (int i = 50; i < 3 * MappedFile.PAGE; i++) {
            assertEquals(0, f.buffer().get(i), "byte " + i + " past the cut is zero");
        }
        q.close();
    }
}
