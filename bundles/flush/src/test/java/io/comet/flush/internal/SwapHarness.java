package io.comet.flush.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.PutStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the store during live swaps: appender threads append to a {@link FakeFlushTarget} and call the current
 * policy (some holding a stale reference a little while, so their calls arrive late at a handed-over policy),
 * while {@link #swap} switches SYNC_FLUSH and ASYNC_FLUSH the way the store does: attach the new one, make it
 * current, hand over from the old one.
 *
 * <p>It records what the tests assert: futures never completed, statuses (FLUSH_DISK_TIMEOUT apart, others), appends made while
 * SYNC_FLUSH was in force throughout that were acknowledged before a force covered them, and swaps that returned
 * with bytes written before them still unflushed.
 */
final class SwapHarness {
    private final FakeFlushTarget target;
    private final boolean reuseInstances;
    private final FlushSettings settings;
    private final SyncFlushPolicy sharedSync;
    private final AsyncFlushPolicy sharedAsync;
    private final AtomicLong epoch = new AtomicLong(); // odd while a swap runs
    private volatile FlushPolicy current;
    private volatile boolean stop;
    private final List<Thread> appenders = new ArrayList<>();
    private final ConcurrentLinkedQueue<CompletableFuture<PutStatus>> futures = new ConcurrentLinkedQueue<>();

    final AtomicInteger strictChecks = new AtomicInteger();
    final AtomicInteger ackedBeforeForce = new AtomicInteger();
    final AtomicInteger notOk = new AtomicInteger();
    final AtomicInteger diskTimeouts = new AtomicInteger();
    final AtomicInteger swapsLeavingDirtyBytes = new AtomicInteger();
    final AtomicInteger swaps = new AtomicInteger();

    SwapHarness(FakeFlushTarget target, FlushSettings settings, boolean reuseInstances) {
        this.target = target;
        this.settings = settings;
        this.reuseInstances = reuseInstances;
        this.sharedSync = new SyncFlushPolicy(settings);
        this.sharedAsync = new AsyncFlushPolicy(settings);
        this.current = sharedSync;
        sharedSync.attach(target);
    }

    void startAppenders(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::appendLoop, "test-appender-" + i);
            t.setDaemon(true);
            appenders.add(t);
            t.start();
        }
    }

    private void appendLoop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop) {
            long before = epoch.get();
            FlushPolicy policy = current;
            if (random.nextInt(8) == 0) {
                LockSupport.parkNanos(random.nextInt(200_000)); // arrive late, maybe after a hand-over
            }
            boolean wait = random.nextInt(10) != 0;
            long next = target.append(1 + random.nextInt(2000));
            CompletableFuture<PutStatus> f = policy.onAppended(next, wait);
            boolean syncThroughout = wait && policy instanceof SyncFlushPolicy && before % 2 == 0
                    && epoch.get() == before;
            if (syncThroughout) {
                strictChecks.incrementAndGet();
            }
            f.whenComplete((status, error) -> {
                if (status == PutStatus.FLUSH_DISK_TIMEOUT) {
                    diskTimeouts.incrementAndGet();
                } else if (status != PutStatus.PUT_OK) {
                    notOk.incrementAndGet();
                } else if (syncThroughout && target.flushedOffset() < next) {
                    ackedBeforeForce.incrementAndGet();
                }
            });
            futures.add(f);
            if (futures.size() > 200_000) {
                futures.removeIf(CompletableFuture::isDone);
            }
            if (random.nextInt(4) == 0) {
                Thread.yield();
            }
        }
    }

    /** One live swap, SYNC_FLUSH to ASYNC_FLUSH or back. */
    void swap() {
        FlushPolicy old = current;
        FlushPolicy next = old instanceof SyncFlushPolicy ? asyncInstance() : syncInstance();
        epoch.incrementAndGet();
        next.attach(target);
        current = next;
        long writtenBefore = target.writtenOffset();
        old.handOver(next);
        if (target.flushedOffset() < writtenBefore) {
            swapsLeavingDirtyBytes.incrementAndGet();
        }
        epoch.incrementAndGet();
        swaps.incrementAndGet();
    }

    /** Applies new settings to the live instances, as {@code @Modified} does. */
    void apply(FlushSettings newSettings) {
        for (FlushPolicy policy : List.of(current, sharedSync, sharedAsync)) {
            ((HandOverFlushPolicy) policy).apply(newSettings);
        }
    }

    private FlushPolicy syncInstance() {
        return reuseInstances ? sharedSync : new SyncFlushPolicy(settings);
    }

    private FlushPolicy asyncInstance() {
        return reuseInstances ? sharedAsync : new AsyncFlushPolicy(settings);
    }

    /** Stops the appenders, closes the store (handOver(null)); returns how many futures are still incomplete. */
    long stopAndClose() throws InterruptedException {
        stop = true;
        for (Thread t : appenders) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop");
            }
        }
        current.handOver(null);
        return futures.stream().filter(f -> !f.isDone()).count();
    }

    FakeFlushTarget target() {
        return target;
    }
}
