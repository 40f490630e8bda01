package io.comet.flush.internal;

import io.comet.store.PutStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AsyncFlushPolicyTest {
    private static final int PAGE = FakeFlushTarget.PAGE;
    private static final int HOUR = 3_600_000;

    private FakeFlushTarget target = new FakeFlushTarget();
    private AsyncFlushPolicy policy;

    @AfterEach
    void tearDown() throws InterruptedException {
        target.release();
        if (policy != null && policy.isAttached()) {
            policy.handOver(null);
        }
        assertEquals(0, FlushThreads.awaitNoneAlive(5000), "policy threads still alive after hand-over");
    }

    private AsyncFlushPolicy start(int intervalMs, int leastPages, int thoroughMs, boolean timed, boolean wake) {
        policy = new AsyncFlushPolicy(new FlushSettings(5000, intervalMs, leastPages, thoroughMs, timed, wake));
        policy.attach(target);
        return policy;
    }

    private static boolean eventually(LongSupplier value, long expected, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return value.getAsLong() == expected;
    }

    @Test
    void appendsCompleteAtOnceAndTheIntervalFlushesThem() throws Exception {
        start(50, 0, HOUR, true, false);
        target.hang(); // nothing can be flushed, yet the append is acknowledged
        long next = target.append(100);
        CompletableFuture<PutStatus> f = policy.onAppended(next, true);
        assertTrue(f.isDone());
        assertEquals(PutStatus.PUT_OK, f.getNow(null));
        assertEquals(0, target.flushedOffset());
        target.release();
        assertTrue(eventually(target::flushedOffset, next, 3000), "not flushed by the interval");
    }

    @Test
    void flushAttemptsAreSpacedByTheInterval() throws Exception {
        start(50, 0, HOUR, true, false);
        List<FakeFlushTarget.Call> calls = awaitCalls(c -> true, 5);
        for (int i = 1; i < calls.size(); i++) {
            long gapMs = TimeUnit.NANOSECONDS.toMillis(calls.get(i).startNanos() - calls.get(i - 1).startNanos());
            assertTrue(gapMs >= 48, "flushes " + gapMs + " ms apart, interval 50 ms");
        }
    }

    @Test
    void periodicFlushPassesLeastPagesSoFewDirtyPagesWait() throws Exception {
        start(20, 4, HOUR, true, false);
        target.append(3 * PAGE);
        List<FakeFlushTarget.Call> calls = awaitCalls(c -> true, 5);
        assertEquals(0, target.flushedOffset(), "3 dirty pages flushed despite flushCommitLogLeastPages=4");
        assertTrue(calls.stream().allMatch(c -> c.leastPages() == 4), "calls: " + calls);
        long next = target.append(PAGE);
        assertTrue(eventually(target::flushedOffset, next, 3000));
    }

    @Test
    void thoroughIntervalFlushesWhateverIsDirty() throws Exception {
        long start = System.nanoTime();
        start(20, 4, 200, true, false);
        long next = target.append(100);
        assertTrue(eventually(target::flushedOffset, next, 3000), "thorough flush never came");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs >= 190, "thorough flush after " + tookMs + " ms, before flushCommitLogThoroughInterval");
        List<FakeFlushTarget.Call> thorough = awaitCalls(c -> c.leastPages() == 0, 3);
        for (int i = 1; i < thorough.size(); i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(thorough.get(i).startNanos() - thorough.get(i - 1).startNanos());
            assertTrue(gap >= 190, "thorough flushes " + gap + " ms apart, interval 200 ms");
        }
        assertTrue(target.calls().stream().anyMatch(c -> c.leastPages() == 4), "periodic flushes between them");
    }

    /** Waits (at most 5 s) until {@code count} flush calls matching {@code filter} were made. */
    private List<FakeFlushTarget.Call> awaitCalls(Predicate<FakeFlushTarget.Call> filter, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<FakeFlushTarget.Call> calls;
        while ((calls = target.calls().stream().filter(filter).toList()).size() < count
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(calls.size() >= count, "only " + calls.size() + " flush calls in 5 s");
        return calls;
    }

    @Test
    void nonTimedWaitIsWokenByAppendsWhenAsked() throws Exception {
        start(HOUR, 0, HOUR, false, true);
        long next = target.append(100);
        policy.onAppended(next, true);
        assertTrue(eventually(target::flushedOffset, next, 3000), "wakeFlushWhenPutMessage did not wake the flush");
    }

    @Test
    void timedSleepIgnoresAppendWakeups() throws Exception {
        start(HOUR, 0, HOUR, true, true);
        policy.onAppended(target.append(100), true);
        Thread.sleep(300);
        assertEquals(0, target.flushedOffset(), "flushCommitLogTimed=true must sleep the whole interval");
        assertTrue(target.calls().isEmpty());
    }

    @Test
    void nonTimedWaitWithoutWakeOnPutWaitsForTheInterval() throws Exception {
        start(HOUR, 0, HOUR, false, false);
        policy.onAppended(target.append(100), true);
        Thread.sleep(300);
        assertEquals(0, target.flushedOffset());
    }

    @Test
    void newIntervalAppliesWithoutWaitingOutTheOldOne() throws Exception {
        start(HOUR, 0, HOUR, true, false);
        long next = target.append(100);
        policy.onAppended(next, true);
        Thread.sleep(50);
        policy.apply(new FlushSettings(5000, 20, 0, HOUR, true, false));
        assertTrue(eventually(target::flushedOffset, next, 3000));
    }

    @Test
    void handOverToNullFlushesEverythingRetryingAcrossFiles() throws Exception {
        target = new FakeFlushTarget(1000);
        start(HOUR, 4, HOUR, true, false);
        long next = target.append(3500);
        policy.onAppended(next, true);
        policy.handOver(null);
        assertEquals(next, target.flushedOffset(), "final flush must retry until everything is on disk");
        assertEquals(4, target.forces());
        assertEquals(PutStatus.PUT_OK, policy.onAppended(target.append(10), true).getNow(null));
    }

    @Test
    void lateCallsAreForwardedToTheSuccessor() {
        start(HOUR, 4, HOUR, true, false);
        RecordingPolicy successor = new RecordingPolicy(PutStatus.FLUSH_DISK_TIMEOUT);
        policy.handOver(successor);
        assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, policy.onAppended(7, true).getNow(null));
        assertEquals(List.of(7L), successor.offsets);
        assertFalse(policy.isAttached());
    }

    @Test
    void aFailingDiskDoesNotKillTheFlushThread() throws Exception {
        FakeFlushTarget flaky = new FakeFlushTarget();
        flaky.failNext(2);
        target = flaky;
        start(20, 0, HOUR, true, false);
        long next = flaky.append(100);
        assertTrue(eventually(flaky::flushedOffset, next, 3000), "flush thread died after an error");
    }
}
