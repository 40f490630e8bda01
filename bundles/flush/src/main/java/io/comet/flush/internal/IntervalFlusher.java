package io.comet.flush.internal;

import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * ASYNC_FLUSH engine: one thread that waits {@code flushIntervalCommitLog}, then flushes with
 * {@code flushCommitLogLeastPages}, or with 0 when {@code flushCommitLogThoroughInterval} has passed since the last
 * thorough flush (counted from attach). Appends are acknowledged at once; they wake the thread only when
 * {@link FlushSettings#appendWakesFlusher()}. Settings are read once per round, so a change applies from the next
 * round ({@link #settingsChanged()} ends the current wait).
 *
 * <p>{@link #close()} ends the wait and runs full flushes until everything written at that moment is flushed (as
 * RocketMQ's shutdown, it gives up after {@value #FINAL_FLUSH_TRIES} tries, here counted without progress, since a
 * flush may stop at a file end); it waits for that at most {@value #CLOSE_BOUND_MILLIS} ms.
 */
final class IntervalFlusher implements FlushEngine {
    static final int FINAL_FLUSH_TRIES = 10;
    static final long CLOSE_BOUND_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(IntervalFlusher.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final FlushCall flushCall;
    private final Supplier<FlushSettings> settings;
    private final Wakeup wakeup = new Wakeup();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closing;

    IntervalFlusher(FlushTarget target, Supplier<FlushSettings> settings) {
        this.flushCall = new FlushCall(target, "ASYNC_FLUSH");
        this.settings = settings;
        this.thread = new Thread(this::run, "comet-flush-async-" + SEQUENCE.incrementAndGet());
        this.thread.setDaemon(true);
        wakeup.bindOwner(thread);
    }

    void start() {
        thread.start();
    }

    @Override
    public CompletableFuture<PutStatus> submit(long nextOffset, boolean waitStoreOk) {
        if (closing) {
            return null;
        }
        if (settings.get().appendWakesFlusher()) {
            wakeup.signal();
        }
        return CompletableFuture.completedFuture(PutStatus.PUT_OK);
    }

    @Override
    public void settingsChanged() {
        wakeup.signal();
    }

    @Override
    public boolean ownsThread(Thread t) {
        return t == thread;
    }

    @Override
    public void close() {
        closing = true;
        wakeup.signal();
        try {
            if (!finished.await(CLOSE_BOUND_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.error("ASYNC_FLUSH hand-over: final flush did not finish in {} ms (disk not answering)",
                        CLOSE_BOUND_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastThorough = System.currentTimeMillis();
        try {
            while (!closing) {
                wakeup.await(TimeUnit.MILLISECONDS.toNanos(settings.get().flushIntervalMs()));
                if (!closing) {
                    lastThorough = flushRound(lastThorough);
                }
            }
            finalFlush();
        } finally {
            finished.countDown();
        }
    }

    /**
     * Flushes everything written when the close was seen. Appends keep arriving (forwarded to the successor), so
     * the goal is fixed first; it gives up after {@value #FINAL_FLUSH_TRIES} flushes in a row without progress.
     */
    private void finalFlush() {
        long goal = flushCall.target().writtenOffset();
        long flushed = flushCall.target().flushedOffset();
        for (int stalls = 0; flushed < goal && stalls < FINAL_FLUSH_TRIES; ) {
            long after = flushCall.flush(0);
            stalls = after > flushed ? 0 : stalls + 1;
            flushed = Math.max(flushed, after);
        }
        if (flushed < goal) {
            LOG.error("ASYNC_FLUSH hand-over: final flush stopped at {} of {} after {} tries without progress",
                    flushed, goal, FINAL_FLUSH_TRIES);
        }
    }

    /** One periodic flush; returns the time of the last thorough flush. */
    private long flushRound(long lastThorough) {
        FlushSettings current = settings.get();
        int leastPages = current.leastPages();
        long now = System.currentTimeMillis();
        if (now - lastThorough >= current.thoroughIntervalMs()) {
            lastThorough = now;
            leastPages = 0;
        }
        flushCall.flush(leastPages);
        return lastThorough;
    }
}
