package io.comet.ha.internal;

import io.comet.store.PutStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The SYNC_MASTER waiters, sorted by commit-log offset: no thread per request. {@link #replicatedTo} (called from
 * the ack event) completes every waiter it covers PUT_OK in offset order; {@link #expire} (a timer tick) completes
 * the waiters whose deadline passed FLUSH_SLAVE_TIMEOUT. The lock is held only to move waiters; futures are
 * completed outside it, so their continuations never run under the lock.
 *
 * <p>Expiry walks from the lowest offset and stops at the first waiter still in time. Appends reach the gate in
 * offset order, so deadlines follow offsets up to the scheduling jitter of concurrent senders; a waiter whose
 * deadline is earlier than that of a lower offset is answered with that lower waiter, a few milliseconds late.
 *
 * <p>Closed ({@link #close}) the queue answers every pending and every new waiter with one status at once; that
 * is how a role change completes waiters without losing one that races with it.
 */
final class SyncWaiters {
    private record Waiter(long nextOffset, long seq, long deadlineNanos, CompletableFuture<PutStatus> future) {}

    private final PriorityQueue<Waiter> queue = new PriorityQueue<>(
            Comparator.comparingLong(Waiter::nextOffset).thenComparingLong(Waiter::seq));
    private long seq;
    private long replicated = -1;
    private PutStatus closedWith;

    /** Closed with SLAVE_NOT_AVAILABLE until {@link #open()}. */
    SyncWaiters() {
        closedWith = PutStatus.SLAVE_NOT_AVAILABLE;
    }

    /**
     * A future for bytes below {@code nextOffset}: PUT_OK at once when already replicated, the closing status
     * when closed, otherwise pending until an ack covers it or {@code deadlineNanos} ({@link System#nanoTime()}).
     */
    CompletableFuture<PutStatus> add(long nextOffset, long deadlineNanos) {
        PutStatus now;
        synchronized (this) {
            if (closedWith == null && nextOffset > replicated) {
                CompletableFuture<PutStatus> f = new CompletableFuture<>();
                queue.add(new Waiter(nextOffset, seq++, deadlineNanos, f));
                return f;
            }
            now = closedWith != null ? closedWith : PutStatus.PUT_OK;
        }
        return CompletableFuture.completedFuture(now);
    }

    /**
     * The required slaves now hold everything below {@code offset} (it may go down when a slave leaves). Completes
     * the covered waiters PUT_OK, lowest offset first.
     */
    void replicatedTo(long offset) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            replicated = offset;
            while (!queue.isEmpty() && queue.peek().nextOffset() <= offset) {
                done.add(queue.poll());
            }
        }
        done.forEach(w -> w.future().complete(PutStatus.PUT_OK));
    }

    /** Completes FLUSH_SLAVE_TIMEOUT the waiters (from the lowest offset) whose deadline passed. */
    void expire(long nowNanos) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && queue.peek().deadlineNanos() - nowNanos <= 0) {
                done.add(queue.poll());
            }
        }
        done.forEach(w -> w.future().complete(PutStatus.FLUSH_SLAVE_TIMEOUT));
    }

    /** Completes every pending waiter with {@code status} (in offset order) and answers new ones with it. */
    void close(PutStatus status) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            closedWith = status;
            while (!queue.isEmpty()) {
                done.add(queue.poll());
            }
        }
        done.forEach(w -> w.future().complete(status));
    }

    /** Accepts waiters again; nothing counts as replicated until the next {@link #replicatedTo}. */
    synchronized void open() {
        closedWith = null;
        replicated = -1;
    }

    synchronized int size() {
        return queue.size();
    }

    synchronized long replicated() {
        return replicated;
    }
}
