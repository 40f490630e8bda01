package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.comet.store.PutStatus;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SyncWaitersTest {
    @Test
    void aClosedQueueAnswersWithItsStatusAndAnOpenOneWaits() {
        SyncWaiters w = new SyncWaiters();
        assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, w.add(10, Long.MAX_VALUE).getNow(null), "closed at first");
        w.open();
        CompletableFuture<PutStatus> f = w.add(10, System.nanoTime() + 1_000_000_000L);
        assertFalse(f.isDone());
        w.close(PutStatus.PUT_OK);
        assertEquals(PutStatus.PUT_OK, f.getNow(null));
        assertEquals(PutStatus.PUT_OK, w.add(20, Long.MAX_VALUE).getNow(null), "closed with PUT_OK");
    }

    @Test
    void replicatedOffsetsCompleteAtOnceAndADropWaitsAgain() {
        SyncWaiters w = new SyncWaiters();
        w.open();
        w.replicatedTo(100);
        assertEquals(PutStatus.PUT_OK, w.add(100, Long.MAX_VALUE).getNow(null));
        w.replicatedTo(-1); // the slave left
        CompletableFuture<PutStatus> f = w.add(100, Long.MAX_VALUE);
        assertFalse(f.isDone());
        w.replicatedTo(100);
        assertEquals(PutStatus.PUT_OK, f.getNow(null));
    }

    @Test
    void expiryAnswersFlushSlaveTimeoutOnlyForPassedDeadlines() {
        SyncWaiters w = new SyncWaiters();
        w.open();
        long now = System.nanoTime();
        CompletableFuture<PutStatus> early = w.add(10, now + 100);
        CompletableFuture<PutStatus> late = w.add(20, now + 1_000_000);
        w.expire(now + 200);
        assertEquals(PutStatus.FLUSH_SLAVE_TIMEOUT, early.getNow(null));
        assertFalse(late.isDone());
        assertEquals(1, w.size());
        w.replicatedTo(20);
        assertEquals(PutStatus.PUT_OK, late.getNow(null));
        assertEquals(0, w.size());
    }
}
