package io.comet.flush.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live swaps under concurrent appends, in both directions, many times. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandOverTest {

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        assertEquals(0, FlushThreads.awaitNoneAlive(5000), "policy threads still alive after the store closed");
    }

    @ParameterizedTest(name = "reuse instances: {0}")
    @ValueSource(booleans = {true, false})
    void swapsUnderLoadLoseNoWaiterAndNeverAckSyncBeforeAForce(boolean reuseInstances) throws Exception {
        FakeFlushTarget target = new FakeFlushTarget(64 * 1024);
        target.delay(1); // forces take time, so the outgoing and incoming policies would overlap without the gate
        SwapHarness store = new SwapHarness(target, new FlushSettings(5000, 5, 4, 50, false, true), reuseInstances);
        store.startAppenders(4);
        for (int i = 0; i < 150; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            store.swap();
        }
        long incomplete = store.stopAndClose();

        assertEquals(0, incomplete, "futures never completed");
        assertEquals(0, store.notOk.get() + store.diskTimeouts.get(), "appends answered other than PUT_OK on a healthy disk");
        assertTrue(store.strictChecks.get() > 100, "too few appends under SYNC_FLUSH: " + store.strictChecks.get());
        assertEquals(0, store.ackedBeforeForce.get(), "SYNC_FLUSH acknowledged before a covering force");
        assertEquals(0, store.swapsLeavingDirtyBytes.get(), "a hand-over returned with earlier bytes unflushed");
        assertEquals(target.writtenOffset(), target.flushedOffset(), "store closed with dirty bytes");
        assertFalse(target.overlapped(), "two policies flushed the target at once");
    }
}
