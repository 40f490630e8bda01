package io.comet.store.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stands in while the configured flush policy is not bound (at start, or after a switch to a type whose service
 * is not there yet). Appends are stored as usual; their futures wait, bounded by {@code syncFlushTimeout}, for the
 * wanted policy: when it arrives, {@link #handOver} passes every waiter to it (it answers as for its own appends);
 * a waiter whose time runs out completes with FLUSH_DISK_TIMEOUT (stored, durability not confirmed). Appends that
 * do not wait (WAIT=false) complete with PUT_OK at once. When the store closes ({@code handOver(null)}) the
 * commit log is flushed and every waiter gets PUT_OK if the flush covers it, else FLUSH_DISK_TIMEOUT; a closed
 * placeholder answers late appends the same way.
 */
final class AwaitingFlushPolicy implements FlushPolicy {
    private final String wanted;
    private final long timeoutMs;
    private final List<Waiter> waiters = new ArrayList<>();
    private FlushTarget target;
    private FlushPolicy successor;
    private boolean closed;

    private record Waiter(long nextOffset, CompletableFuture<PutStatus> future) {}

    AwaitingFlushPolicy(String wanted, long timeoutMs) {
        this.wanted = wanted;
        this.timeoutMs = timeoutMs;
    }

    /** The flushDiskType this placeholder waits for. */
    String wanted() { return wanted; }

    @Override
    public synchronized void attach(FlushTarget t) {
        this.target = t;
    }

    @Override
    public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
        FlushPolicy next;
        synchronized (this) {
            next = successor;
            if (next == null && !closed) {
                if (!waitStoreOk) {
                    return CompletableFuture.completedFuture(PutStatus.PUT_OK);
                }
                CompletableFuture<PutStatus> f = new CompletableFuture<>();
                waiters.add(new Waiter(nextOffset, f));
                f.completeOnTimeout(PutStatus.FLUSH_DISK_TIMEOUT, timeoutMs, TimeUnit.MILLISECONDS);
                return f;
            }
        }
        if (next != null) {
            return next.onAppended(nextOffset, waitStoreOk);
        }
        // closed: an append that reached the commit log just before the close is answered after a covering force
        return CompletableFuture.completedFuture(waitStoreOk ? flushedTo(nextOffset) : PutStatus.PUT_OK);
    }

    /** PUT_OK when a flush now covers {@code nextOffset}; FLUSH_DISK_TIMEOUT when it cannot (or fails). */
    private PutStatus flushedTo(long nextOffset) {
        FlushTarget t;
        synchronized (this) {
            t = target;
        }
        if (t == null) {
            return PutStatus.FLUSH_DISK_TIMEOUT;
        }
        try {
            return t.flushedOffset() >= nextOffset || t.flush(0) >= nextOffset ? PutStatus.PUT_OK : PutStatus.FLUSH_DISK_TIMEOUT;
        } catch (RuntimeException e) {
            return PutStatus.FLUSH_DISK_TIMEOUT;
        }
    }

    @Override
    public void handOver(FlushPolicy next) {
        List<Waiter> pending;
        FlushTarget t;
        synchronized (this) {
            successor = next;
            closed = next == null;
            pending = new ArrayList<>(waiters);
            waiters.clear();
            t = target;
        }
        for (Waiter w : pending) {
            if (w.future.isDone()) {
                continue;
            }
            if (next == null) {
                w.future.complete(flushedTo(w.nextOffset));
            } else {
                next.onAppended(w.nextOffset, true).whenComplete((s, e) ->
                        w.future.complete(e != null ? PutStatus.FLUSH_DISK_TIMEOUT : s));
            }
        }
    }

    @Override
    public String toString() {
        return "awaiting " + wanted;
    }
}
