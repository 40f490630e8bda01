package io.comet.flush.internal;

import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * SYNC_FLUSH engine: group commit. Append threads put a {@link FlushWaiter} on a lock-free queue and wake the
 * {@link ForceWorker}; a coordinator thread owns every waiter after that. After each force it completes with
 * {@code PUT_OK} every waiter whose offset the target's flushed offset covers (one force serves them all), asks for
 * another force while uncovered waiters remain (a message that crossed into a new file needs a second one; when a
 * force made no progress it retries after 1 ms), and completes with {@code FLUSH_DISK_TIMEOUT} every waiter older
 * than {@code syncFlushTimeout}, even while a force hangs.
 *
 * <p>Timeouts count from the append; the timeout in force when the coordinator looks applies, so a changed
 * {@code syncFlushTimeout} also governs waiters already queued. Waiters are kept in arrival order, so expiry
 * looks only at the head; a full scan runs only when the flushed offset moved.
 *
 * <p>{@link #close()}: the coordinator asks for forces until everything written when it saw the close is flushed
 * (or {@code syncFlushTimeout} passed), completes every waiter it took, and stops the worker. Futures complete on
 * the coordinator thread: dependents must not block.
 */
final class GroupCommitter implements FlushEngine {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long CLOSE_SLACK_MILLIS = 10_000;

    private final FlushCall flushCall;
    private final Supplier<FlushSettings> settings;
    private final ForceWorker worker;
    private final ConcurrentLinkedQueue<FlushWaiter> incoming = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<FlushWaiter> pending = new ArrayDeque<>(); // coordinator thread only
    private final Wakeup wakeup = new Wakeup();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread coordinator;
    private volatile boolean closing;

    // coordinator thread only
    private long scannedAtFlushed = Long.MIN_VALUE;
    private long flushedAtLastRequest = Long.MIN_VALUE;
    private long retryAtNanos;

    GroupCommitter(FlushTarget target, Supplier<FlushSettings> settings) {
        int id = SEQUENCE.incrementAndGet();
        this.flushCall = new FlushCall(target, "SYNC_FLUSH");
        this.settings = settings;
        this.worker = new ForceWorker(flushCall, wakeup::signal, "comet-flush-sync-force-" + id);
        this.coordinator = new Thread(this::run, "comet-flush-sync-commit-" + id);
        this.coordinator.setDaemon(true);
        wakeup.bindOwner(coordinator);
    }

    void start() {
        worker.start();
        coordinator.start();
    }

    @Override
    public CompletableFuture<PutStatus> submit(long nextOffset, boolean waitStoreOk) {
        if (closing) {
            return null;
        }
        if (!waitStoreOk) {
            worker.requestForce();
            return CompletableFuture.completedFuture(PutStatus.PUT_OK);
        }
        FlushWaiter waiter = new FlushWaiter(nextOffset, System.nanoTime());
        incoming.offer(waiter);
        if (closing && incoming.remove(waiter)) {
            return null; // the coordinator may have drained for the last time: take it back and forward it
        }
        worker.requestForce();
        return waiter.future;
    }

    @Override
    public void settingsChanged() {
        wakeup.signal();
    }

    @Override
    public boolean ownsThread(Thread thread) {
        return thread == coordinator || worker.ownsThread(thread);
    }

    @Override
    public void close() {
        closing = true;
        wakeup.signal();
        long bound = settings.get().syncFlushTimeoutMs() + CLOSE_SLACK_MILLIS;
        try {
            if (!finished.await(bound, TimeUnit.MILLISECONDS)) {
                LOG.error("SYNC_FLUSH hand-over: waiters not settled after {} ms", bound);
            }
            if (!worker.join(1000)) {
                LOG.warn("SYNC_FLUSH hand-over: a force is still running (disk not answering); its thread ends"
                        + " when it returns");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long finalGoal = -1;
        long finalDeadline = 0;
        try {
            while (true) {
                try {
                    boolean closingNow = closing; // read before draining: see submit()
                    long flushed = flushCall.target().flushedOffset();
                    drain(flushed);
                    long now = System.nanoTime();
                    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.get().syncFlushTimeoutMs());
                    settle(flushed, now, timeoutNanos);
                    FlushWaiter oldest = pending.peekFirst();
                    long wakeAt = oldest == null ? now + IDLE_NANOS : oldest.enqueuedNanos + timeoutNanos;
                    boolean needForce = !pending.isEmpty();
                    if (closingNow) {
                        if (finalGoal < 0) {
                            finalGoal = flushCall.target().writtenOffset();
                            finalDeadline = now + timeoutNanos;
                        }
                        boolean finalDone = flushed >= finalGoal || now - finalDeadline >= 0;
                        if (finalDone && pending.isEmpty()) {
                            return;
                        }
                        if (!finalDone) {
                            needForce = true;
                            wakeAt = Math.min(wakeAt, finalDeadline);
                        }
                    }
                    if (needForce) {
                        wakeAt = requestForce(flushed, now, wakeAt);
                    }
                    wakeup.await(Math.max(0, Math.min(wakeAt - now, IDLE_NANOS)));
                } catch (RuntimeException e) {
                    LOG.error("SYNC_FLUSH coordinator round failed; retrying", e);
                    wakeup.await(RETRY_NANOS);
                }
            }
        } finally {
            worker.stop();
            finished.countDown();
        }
    }

    /** Takes new waiters: completes those {@code flushed} already covers, queues the others. */
    private void drain(long flushed) {
        FlushWaiter waiter;
        while ((waiter = incoming.poll()) != null) {
            if (waiter.nextOffset <= flushed) {
                waiter.future.complete(PutStatus.PUT_OK);
            } else {
                pending.addLast(waiter);
            }
        }
    }

    /** Completes covered waiters (scan only when the flushed offset moved) and expired ones (from the head). */
    private void settle(long flushed, long now, long timeoutNanos) {
        if (flushed != scannedAtFlushed) {
            scannedAtFlushed = flushed;
            for (int i = 0, n = pending.size(); i < n; i++) {
                FlushWaiter waiter = pending.pollFirst();
                if (waiter.nextOffset <= flushed) {
                    waiter.future.complete(PutStatus.PUT_OK);
                } else if (!waiter.future.isDone()) {
                    pending.addLast(waiter);
                }
            }
        }
        FlushWaiter head;
        while ((head = pending.peekFirst()) != null
                && (head.future.isDone() || now - (head.enqueuedNanos + timeoutNanos) >= 0)) {
            pending.pollFirst().future.complete(PutStatus.FLUSH_DISK_TIMEOUT);
        }
    }

    /** Asks the worker for a force if it is idle; after a force without progress, only once 1 ms has passed. */
    private long requestForce(long flushed, long now, long wakeAt) {
        if (!worker.idle()) {
            return wakeAt; // its completion wakes us
        }
        if (flushed != flushedAtLastRequest || now - retryAtNanos >= 0) {
            flushedAtLastRequest = flushed;
            retryAtNanos = now + RETRY_NANOS;
            worker.requestForce();
            return wakeAt;
        }
        return Math.min(wakeAt, retryAtNanos);
    }
}
