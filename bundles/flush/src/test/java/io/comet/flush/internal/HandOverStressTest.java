package io.comet.flush.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Longer swap hammering, not part of the default build: {@code mvn -pl bundles/flush test -Dgroups=stress
 * -Dflush.excludedGroups=none [-Dcomet.stress.seconds=60]}. Runs {@code comet.stress.seconds} (default 30) per
 * test.
 */
@Tag("stress")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class HandOverStressTest {
    private static final long SECONDS = Long.getLong("comet.stress.seconds", 30);

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        assertEquals(0, FlushThreads.awaitNoneAlive(10_000), "policy threads still alive after the store closed");
    }

    @Test
    void swapsWhileSettingsChangeAndTheDiskSlowsDown() throws Exception {
        FakeFlushTarget target = new FakeFlushTarget(256 * 1024);
        SwapHarness store = new SwapHarness(target, FlushSettings.DEFAULTS, true);
        run(store, false);
        assertEquals(0, store.diskTimeouts.get(), "FLUSH_DISK_TIMEOUT with forces of at most 4 ms");
    }

    @Test
    void swapsWithFreshInstancesWhileTheDiskHangsNowAndThen() throws Exception {
        FakeFlushTarget target = new FakeFlushTarget(256 * 1024);
        SwapHarness store = new SwapHarness(target, new FlushSettings(150, 5, 4, 100, false, true), false);
        run(store, true);
    }

    private static void run(SwapHarness store, boolean hangs) throws Exception {
        FakeFlushTarget target = store.target();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        store.startAppenders(8);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        Thread releaser = null;
        try {
            while (System.nanoTime() < end) {
                target.delay(random.nextInt(5));
                if (random.nextInt(10) == 0) {
                    store.apply(new FlushSettings(hangs ? 100 + random.nextInt(200) : 5000, 1 + random.nextInt(20),
                            random.nextInt(6), random.nextInt(200), random.nextBoolean(), random.nextBoolean()));
                }
                if (hangs && random.nextInt(20) == 0 && (releaser == null || !releaser.isAlive())) {
                    target.hang(); // swaps go on while the disk hangs; another thread ends the hang
                    long hangMillis = random.nextInt(400);
                    releaser = new Thread(() -> {
                        try {
                            Thread.sleep(hangMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        target.release();
                    }, "test-disk-releaser");
                    releaser.start();
                }
                Thread.sleep(random.nextInt(5));
                store.swap();
            }
        } finally {
            if (releaser != null) {
                releaser.join(5000);
            }
            target.release();
        }
        long incomplete = store.stopAndClose();
        System.out.printf("stress: %d swaps, %d strict SYNC checks, %d FLUSH_DISK_TIMEOUT, %d bytes%n",
                store.swaps.get(), store.strictChecks.get(), store.diskTimeouts.get(), target.writtenOffset());
        assertEquals(0, incomplete, "futures never completed");
        assertEquals(0, store.notOk.get(), "appends answered other than PUT_OK / FLUSH_DISK_TIMEOUT");
        assertTrue(store.strictChecks.get() > 1000, "too few appends under SYNC_FLUSH: " + store.strictChecks.get());
        assertEquals(0, store.ackedBeforeForce.get(), "SYNC_FLUSH acknowledged before a covering force");
        if (!hangs) {
            assertEquals(0, store.swapsLeavingDirtyBytes.get(), "a hand-over returned with earlier bytes unflushed");
        }
        assertEquals(target.writtenOffset(), target.flushedOffset(), "store closed with dirty bytes");
        assertFalse(target.overlapped(), "two policies flushed the target at once");
    }
}
