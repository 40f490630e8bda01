package io.comet.flush.internal;

import io.comet.store.FlushTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A commit log in memory for flush tests: appends move the written offset, {@link #flush} moves the flushed
 * offset the way the store's does (least-pages rule, at most to the end of the current file when a file size is
 * set), counts forces, can be slowed down or made to hang, and notes any two flushes running at once.
 */
final class FakeFlushTarget implements FlushTarget {
    static final int PAGE = 4096;

    /** One call of {@link #flush}: its argument and when it started. */
    record Call(int leastPages, long startNanos) {
    }

    private final long fileSize;
    private final AtomicLong written = new AtomicLong();
    private volatile long flushed;
    private final AtomicInteger forces = new AtomicInteger();
    private final AtomicInteger inside = new AtomicInteger();
    private final List<Call> calls = new ArrayList<>();
    private final AtomicLong flushedUpTo = new AtomicLong();
    private volatile boolean overlapped;
    private volatile long delayMillis;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile CountDownLatch hang;
    private volatile CountDownLatch hungFlushEntered = new CountDownLatch(1);

    FakeFlushTarget() {
        this(0);
    }

    /** {@code fileSize > 0}: one flush never passes the end of the file that holds the flushed offset. */
    FakeFlushTarget(long fileSize) {
        this.fileSize = fileSize;
    }

    /** Appends {@code bytes}; returns the next offset, as the store passes to {@code onAppended}. */
    long append(int bytes) {
        return written.addAndGet(bytes);
    }

    @Override
    public long flush(int leastPages) {
        synchronized (calls) {
            calls.add(new Call(leastPages, System.nanoTime()));
        }
        if (inside.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("simulated I/O error");
            }
            CountDownLatch gate = hang;
            if (gate != null) {
                hungFlushEntered.countDown();
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test left the disk hung for 30 s");
                }
            }
            long delay = delayMillis;
            if (delay > 0) {
                Thread.sleep(delay);
            }
            long w = written.get();
            long f = flushed;
            long dirty = w - f;
            if (dirty <= 0 || (leastPages > 0 && dirty < (long) leastPages * PAGE)) {
                return f;
            }
            long end = fileSize > 0 ? Math.min(w, (f / fileSize + 1) * fileSize) : w;
            forces.incrementAndGet();
            flushed = end;
            return end;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return flushed;
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public long flushedOffset() {
        return flushed;
    }

    @Override
    public long writtenOffset() {
        return written.get();
    }

    @Override
    public void flushedUpTo(long storeTimestamp) {
        flushedUpTo.accumulateAndGet(storeTimestamp, Math::max);
    }

    /** Forces that moved the flushed offset. */
    int forces() {
        return forces.get();
    }

    List<Call> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    long lastFlushedUpTo() {
        return flushedUpTo.get();
    }

    /** True if two flushes ever ran at the same time. */
    boolean overlapped() {
        return overlapped;
    }

    /** The next {@code n} flushes throw, as a store whose force failed. */
    void failNext(int n) {
        failures.set(n);
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    /** From now on every flush blocks until {@link #release()}. */
    void hang() {
        hungFlushEntered = new CountDownLatch(1);
        hang = new CountDownLatch(1);
    }

    /** Waits until a flush is blocked in the hang. */
    boolean awaitHungFlush(long millis) throws InterruptedException {
        return hungFlushEntered.await(millis, TimeUnit.MILLISECONDS);
    }

    void release() {
        CountDownLatch gate = hang;
        hang = null;
        if (gate != null) {
            gate.countDown();
        }
    }
}
