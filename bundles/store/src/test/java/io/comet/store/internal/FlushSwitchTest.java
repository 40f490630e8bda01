package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageProperties;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FlushSwitchTest {
    @TempDir
    Path dir;

    private DefaultMessageStore openWithoutPolicy(StoreFixture fx, long waitMs) {
        return new DefaultMessageStore(fx.settings().syncFlushTimeout(waitMs).flushDiskType(StoreSettings.SYNC_FLUSH).build(),
                fx.clock, d -> 0.1);
    }

    @Test
    void appendsWaitForTheWantedPolicyAndCompleteWhenItIsBound() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = openWithoutPolicy(fx, 10_000);
        try {
            CompletableFuture<PutResult> f = st.putMessage(message("W", 0, "held"));
            Thread.sleep(100);
            assertFalse(f.isDone(), "no SYNC_FLUSH policy bound yet: the append is stored but not acknowledged");
            assertEquals("awaiting SYNC_FLUSH", st.storeStatus().flushPolicy());
            assertTrue(st.maxPhyOffset() > 0, "the message is in the commit log already");
            TestPolicies.GroupCommit sync = new TestPolicies.GroupCommit();
            st.useFlushPolicy(sync, StoreSettings.SYNC_FLUSH);
            PutResult r = f.get(5, TimeUnit.SECONDS);
            assertEquals(PutStatus.PUT_OK, r.status());
            assertTrue(st.storeStatus().flushedOffset() >= r.nextOffset(), "the successor really flushed it");
            assertTrue(sync.forces > 0);
        } finally {
            st.close();
        }
    }

    @Test
    void aWaitThatRunsOutAnswersFlushDiskTimeoutAndNoWaitAppendsAnswerAtOnce() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = openWithoutPolicy(fx, 200);
        try {
            PutResult r = st.putMessage(message("W", 0, "late")).get(5, TimeUnit.SECONDS);
            assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, r.status());
            assertTrue(r.status().isStored());
            PutResult noWait = st.putMessage(message("W", 0, "x").withProperties(
                    MessageProperties.WAIT + "\u0001false\u0002")).get(1, TimeUnit.SECONDS);
            assertEquals(PutStatus.PUT_OK, noWait.status());
        } finally {
            st.close();
        }
    }

    @Test
    void swappingPoliciesUnderLoadCompletesEveryAppend() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open(fx.settings().mappedFileSizeCommitLog(256 * 1024).build());
        TestPolicies.Immediate async = new TestPolicies.Immediate();
        TestPolicies.GroupCommit sync = new TestPolicies.GroupCommit();
        List<CompletableFuture<PutResult>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        try {
            for (int t = 0; t < 3; t++) {
                int tt = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; !stop.get() && i < 3000; i++) {
                        futures.add(st.putMessage(message("Sw", tt, "m" + i)));
                    }
                });
                writers.add(w);
                w.start();
            }
            for (int i = 0; i < 10; i++) {
                Thread.sleep(15);
                if (i % 2 == 0) {
                    st.useFlushPolicy(sync, StoreSettings.SYNC_FLUSH);
                } else {
                    st.useFlushPolicy(async, StoreSettings.ASYNC_FLUSH);
                }
            }
            st.awaitFlushPolicy(StoreSettings.SYNC_FLUSH);
            Thread.sleep(10);
            st.useFlushPolicy(sync, StoreSettings.SYNC_FLUSH);
            stop.set(true);
            for (Thread w : writers) {
                w.join(10_000);
            }
            List<CompletableFuture<PutResult>> all;
            synchronized (futures) {
                all = new ArrayList<>(futures);
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
            for (CompletableFuture<PutResult> f : all) {
                assertEquals(PutStatus.PUT_OK, f.get().status());
            }
            assertTrue(all.size() > 100, "load ran during the swaps: " + all.size());
        } finally {
            stop.set(true);
            st.close();
        }
    }

    /** A target that records forces and moves its flushed offset only when {@code disk} works. */
    private static final class CountingTarget implements io.comet.store.FlushTarget {
        volatile long written = 500;
        volatile long flushed;
        volatile boolean diskWorks = true;
        volatile int forces;

        @Override
        public long flush(int leastPages) {
            forces++;
            if (diskWorks) {
                flushed = written;
            }
            return flushed;
        }

        @Override
        public long flushedOffset() { return flushed; }

        @Override
        public long writtenOffset() { return written; }

        @Override
        public void flushedUpTo(long storeTimestamp) {}
    }

    @Test
    void anAppendReachingAClosedSwitchIsAcknowledgedOnlyAfterACoveringForce() throws Exception {
        CountingTarget target = new CountingTarget();
        FlushSwitch sw = new FlushSwitch(target, 1000, StoreSettings.SYNC_FLUSH);
        sw.use(new TestPolicies.GroupCommit(), StoreSettings.SYNC_FLUSH);
        sw.close();
        int before = target.forces;
        assertEquals(PutStatus.PUT_OK, sw.onAppended(500, true).get(5, TimeUnit.SECONDS));
        assertTrue(target.flushed >= 500);
        target.written = 900;
        target.diskWorks = false;
        assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, sw.onAppended(900, true).get(5, TimeUnit.SECONDS),
                "no force covered it: not PUT_OK");
        assertTrue(target.forces > before, "the closed switch forced the log");
    }
}
