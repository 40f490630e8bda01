package io.comet.flush.internal;

import io.comet.store.PutStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SyncFlushPolicyTest {
    private final FakeFlushTarget target = new FakeFlushTarget();
    private final SyncFlushPolicy policy = new SyncFlushPolicy(FlushSettings.DEFAULTS);

    @AfterEach
    void tearDown() throws InterruptedException {
        target.release();
        if (policy.isAttached()) {
            policy.handOver(null);
        }
        assertEquals(0, FlushThreads.awaitNoneAlive(5000), "policy threads still alive after hand-over");
    }

    private static SyncFlushPolicy withTimeout(long millis) {
        FlushSettings d = FlushSettings.DEFAULTS;
        return new SyncFlushPolicy(new FlushSettings(millis, d.flushIntervalMs(), d.leastPages(),
                d.thoroughIntervalMs(), d.timed(), d.wakeOnPut()));
    }

    @Test
    void oneForceServesManyConcurrentWaitersAndEachCompletesOnlyWhenCovered() throws Exception {
        target.delay(2);
        policy.attach(target);
        int threads = 8;
        int perThread = 250;
        AtomicInteger completedUncovered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<PutStatus>>>> batches = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                batches.add(pool.submit(() -> {
                    List<CompletableFuture<PutStatus>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long next = target.append(100);
                        CompletableFuture<PutStatus> f = policy.onAppended(next, true);
                        f.thenAccept(status -> {
                            if (target.flushedOffset() < next) {
                                completedUncovered.incrementAndGet();
                            }
                        });
                        mine.add(f);
                    }
                    return mine;
                }));
            }
            for (Future<List<CompletableFuture<PutStatus>>> batch : batches) {
                for (CompletableFuture<PutStatus> f : batch.get(10, TimeUnit.SECONDS)) {
                    assertEquals(PutStatus.PUT_OK, f.get(10, TimeUnit.SECONDS));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int appends = threads * perThread;
        assertEquals(0, completedUncovered.get(), "a waiter completed before a force covered its offset");
        assertEquals(appends * 100L, target.flushedOffset());
        assertTrue(target.forces() <= appends / 10, "group commit: " + target.forces() + " forces for " + appends
                + " appends");
        assertFalse(target.overlapped());
    }

    @Test
    void producersThatWaitForEachSendStillShareForces() throws Exception {
        target.delay(2);
        policy.attach(target);
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long next = target.append(64);
                        assertEquals(PutStatus.PUT_OK, policy.onAppended(next, true).get(10, TimeUnit.SECONDS));
                        assertTrue(target.flushedOffset() >= next);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int appends = threads * perThread;
        assertTrue(target.forces() <= appends / 2, target.forces() + " forces for " + appends + " appends");
    }

    @Test
    void waiterStaysPendingUntilTheDiskAnswers() throws Exception {
        policy.attach(target);
        target.hang();
        long next = target.append(100);
        CompletableFuture<PutStatus> f = policy.onAppended(next, true);
        assertTrue(target.awaitHungFlush(2000));
        Thread.sleep(150);
        assertFalse(f.isDone(), "completed while its force hangs");
        target.release();
        assertEquals(PutStatus.PUT_OK, f.get(5, TimeUnit.SECONDS));
        assertTrue(target.flushedOffset() >= next);
    }

    @Test
    void hungDiskGivesFlushDiskTimeoutAfterSyncFlushTimeout() throws Exception {
        SyncFlushPolicy sync = withTimeout(200);
        sync.attach(target);
        try {
            target.hang();
            long start = System.nanoTime();
            CompletableFuture<PutStatus> f = sync.onAppended(target.append(100), true);
            assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, f.get(3, TimeUnit.SECONDS));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 190, "timed out after " + waited + " ms, before syncFlushTimeout");
            assertTrue(target.flushedOffset() < 100);

            CompletableFuture<PutStatus> second = sync.onAppended(target.append(100), true);
            assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, second.get(3, TimeUnit.SECONDS));

            target.release();
            assertEquals(PutStatus.PUT_OK, sync.onAppended(target.append(100), true).get(5, TimeUnit.SECONDS));
            assertEquals(300, target.flushedOffset());
        } finally {
            target.release();
            sync.handOver(null);
        }
    }

    @Test
    void shorterTimeoutAppliedLiveGovernsWaitersAlreadyQueued() throws Exception {
        SyncFlushPolicy sync = withTimeout(60_000);
        sync.attach(target);
        try {
            target.hang();
            CompletableFuture<PutStatus> f = sync.onAppended(target.append(100), true);
            assertTrue(target.awaitHungFlush(2000));
            Thread.sleep(50);
            assertFalse(f.isDone());
            sync.apply(new FlushSettings(100, 500, 4, 10_000, true, false));
            assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, f.get(3, TimeUnit.SECONDS));
        } finally {
            target.release();
            sync.handOver(null);
        }
    }

    @Test
    void noWaitCompletesAtOnceAndStillWakesTheFlusher() throws Exception {
        policy.attach(target);
        long next = target.append(4000);
        CompletableFuture<PutStatus> f = policy.onAppended(next, false);
        assertTrue(f.isDone());
        assertEquals(PutStatus.PUT_OK, f.getNow(null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (target.flushedOffset() < next && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(next, target.flushedOffset(), "the flusher was not woken");
    }

    @Test
    void appendCrossingIntoANewFileIsForcedAgainUntilCovered() throws Exception {
        FakeFlushTarget rolling = new FakeFlushTarget(1000);
        SyncFlushPolicy sync = new SyncFlushPolicy(FlushSettings.DEFAULTS);
        sync.attach(rolling);
        try {
            rolling.append(900);
            long next = rolling.append(1300); // ends in the third file
            assertEquals(PutStatus.PUT_OK, sync.onAppended(next, true).get(5, TimeUnit.SECONDS));
            assertEquals(2200, rolling.flushedOffset());
            assertEquals(3, rolling.forces(), "one force per file: 1000, 2000, 2200");
        } finally {
            sync.handOver(null);
        }
    }

    @Test
    void aFailedForceIsRetriedUntilTheDiskRecovers() throws Exception {
        policy.attach(target);
        target.failNext(3);
        long next = target.append(100);
        assertEquals(PutStatus.PUT_OK, policy.onAppended(next, true).get(5, TimeUnit.SECONDS));
        assertEquals(next, target.flushedOffset());
        assertTrue(target.calls().size() >= 4, "3 failed forces and a good one: " + target.calls().size());
    }

    @Test
    void recordsTheCheckpointTimeOfEachForce() throws Exception {
        policy.attach(target);
        long before = System.currentTimeMillis();
        assertEquals(PutStatus.PUT_OK, policy.onAppended(target.append(10), true).get(5, TimeUnit.SECONDS));
        long recorded = target.lastFlushedUpTo();
        assertTrue(recorded >= before && recorded <= System.currentTimeMillis(), "flushedUpTo " + recorded);
    }

    @Test
    void aForceThatStopsAtAFileEndRecordsNoCheckpointTime() throws Exception {
        FakeFlushTarget rolling = new FakeFlushTarget(1000);
        SyncFlushPolicy sync = new SyncFlushPolicy(FlushSettings.DEFAULTS);
        sync.attach(rolling);
        try {
            long first = rolling.append(900);
            rolling.append(600); // written up to 1500, in the second file
            assertEquals(PutStatus.PUT_OK, sync.onAppended(first, true).get(5, TimeUnit.SECONDS));
            Thread.sleep(50);
            assertEquals(1000, rolling.flushedOffset(), "one force, stopped at the file end");
            assertEquals(0, rolling.lastFlushedUpTo(), "a force that left written bytes behind claimed a time");
            assertEquals(PutStatus.PUT_OK, sync.onAppended(1500, true).get(5, TimeUnit.SECONDS));
            assertTrue(rolling.lastFlushedUpTo() > 0, "a complete force records the checkpoint time");
        } finally {
            sync.handOver(null);
        }
    }

    @Test
    void handOverToNullForcesEverythingAndCompletesEveryWaiter() throws Exception {
        target.delay(20);
        policy.attach(target);
        List<CompletableFuture<PutStatus>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(policy.onAppended(target.append(10), true));
        }
        policy.onAppended(target.append(10), false);
        futures.get(futures.size() - 1).get(5, TimeUnit.SECONDS);
        Thread.sleep(50); // let the forces asked for so far finish
        long unannounced = target.append(10); // written, never announced: the final force must still cover it
        policy.handOver(null);
        assertEquals(unannounced, target.flushedOffset());
        for (CompletableFuture<PutStatus> f : futures) {
            assertTrue(f.isDone(), "waiter left pending by handOver");
            assertEquals(PutStatus.PUT_OK, f.getNow(null));
        }
        assertEquals(target.writtenOffset(), target.flushedOffset());
    }

    @Test
    void lateCallsAfterCloseAnswerFromTheFlushedOffset() throws Exception {
        policy.attach(target);
        long covered = target.append(10);
        assertEquals(PutStatus.PUT_OK, policy.onAppended(covered, true).get(5, TimeUnit.SECONDS));
        policy.handOver(null);
        assertEquals(PutStatus.PUT_OK, policy.onAppended(covered, true).getNow(null));
        long uncovered = target.append(10);
        assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, policy.onAppended(uncovered, true).getNow(null));
        assertEquals(PutStatus.PUT_OK, policy.onAppended(uncovered, false).getNow(null));
    }

    @Test
    void handOverWhileTheDiskHangsReturnsWithTimedOutWaiters() throws Exception {
        SyncFlushPolicy sync = withTimeout(200);
        sync.attach(target);
        target.hang();
        CompletableFuture<PutStatus> f = sync.onAppended(target.append(100), true);
        assertTrue(target.awaitHungFlush(2000));
        long start = System.nanoTime();
        sync.handOver(null);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(f.isDone());
        assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, f.getNow(null));
        assertTrue(took < 3000, "handOver took " + took + " ms");
        target.release();
    }

    @Test
    void lateCallsAreForwardedToTheSuccessor() throws Exception {
        policy.attach(target);
        RecordingPolicy successor = new RecordingPolicy(PutStatus.SLAVE_NOT_AVAILABLE);
        policy.handOver(successor);
        CompletableFuture<PutStatus> late = policy.onAppended(42, true);
        assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, late.getNow(null));
        assertEquals(List.of(42L), successor.offsets);
    }

    @Test
    void canBeAttachedAgainAfterHandOver() throws Exception {
        policy.attach(target);
        policy.handOver(new RecordingPolicy(PutStatus.PUT_OK));
        policy.attach(target);
        long next = target.append(100);
        assertEquals(PutStatus.PUT_OK, policy.onAppended(next, true).get(5, TimeUnit.SECONDS));
        assertEquals(next, target.flushedOffset());
    }

    @Test
    void misuseIsRefusedWithAClearMessage() {
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> policy.onAppended(1, true));
        assertTrue(early.getMessage().contains("not attached"), early.getMessage());
        assertThrows(IllegalStateException.class, () -> policy.handOver(null));
        policy.attach(target);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> policy.attach(new FakeFlushTarget()));
        assertTrue(twice.getMessage().contains("already attached"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> policy.handOver(policy));
        AsyncFlushPolicy unattached = new AsyncFlushPolicy(FlushSettings.DEFAULTS);
        IllegalArgumentException notReady = assertThrows(IllegalArgumentException.class, () -> policy.handOver(unattached));
        assertTrue(notReady.getMessage().contains("must be attached"), notReady.getMessage());
        assertTrue(policy.isAttached(), "a refused handOver must leave the policy running");
    }

    @Test
    void handOverFromACompletionCallbackIsRefusedInsteadOfDeadlocking() throws Exception {
        policy.attach(target);
        CountDownLatch ran = new CountDownLatch(1);
        List<Throwable> seen = new ArrayList<>();
        target.hang(); // keeps the future pending so the callback runs on the policy's thread
        CompletableFuture<PutStatus> pending = policy.onAppended(target.append(10), true);
        assertFalse(pending.isDone());
        pending.thenRun(() -> {
            try {
                policy.handOver(null);
            } catch (IllegalStateException e) {
                synchronized (seen) {
                    seen.add(e);
                }
            }
            ran.countDown();
        });
        target.release();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        synchronized (seen) {
            assertEquals(1, seen.size(), "handOver on the flush thread must be refused");
        }
        assertTrue(policy.isAttached());
        assertSame(PutStatus.PUT_OK, policy.onAppended(target.append(10), true).get(5, TimeUnit.SECONDS));
    }
}
