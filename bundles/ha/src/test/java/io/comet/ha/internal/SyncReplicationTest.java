package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.ha.HaRole;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SYNC_MASTER ack rules, with a socket slave whose acks the test controls. */
@Timeout(60)
class SyncReplicationTest {
    @TempDir
    Path dir;

    private static HaSettings sync(long slaveTimeoutMs, long fallbehindMax, int inSyncReplicas) {
        return new HaSettings(HaRole.SYNC_MASTER, 0, null, 200, 20_000, 32 * 1024, fallbehindMax, slaveTimeoutMs,
                inSyncReplicas);
    }

    private static void awaitSlaves(Node master, int n) throws InterruptedException {
        Node.await(n + " slaves after the handshake", () -> master.ha.haStatus().slaves().stream()
                .filter(s -> s.ackedOffset() >= 0).count() == n);
    }

    @Test
    void aWaiterCompletesOnlyOnceTheSlaveAckedItsOffset() throws Exception {
        try (Node master = Node.start(dir, sync(5000, 256L << 20, 1));
             FakeSlave slave = new FakeSlave(master.haAddress(), 0)) {
            awaitSlaves(master, 1);
            PutResult r = master.put("S", 0, "hello");
            CompletableFuture<PutStatus> f = master.ha.awaitReplicated(r.nextOffset());
            Thread.sleep(100);
            assertFalse(f.isDone(), "no ack yet");
            slave.report(r.nextOffset() - 1);
            Thread.sleep(100);
            assertFalse(f.isDone(), "an ack short of the offset does not complete it");
            slave.report(r.nextOffset());
            assertEquals(PutStatus.PUT_OK, f.get(5, TimeUnit.SECONDS));
            assertEquals(r.nextOffset(), master.ha.haStatus().replicatedOffset());
        }
    }

    @Test
    void aSwapToSyncWhileTheSlaveReconnectsWaitsForItsAckInsteadOfAnsweringSlaveNotAvailable() throws Exception {
        try (Node master = Node.start(dir, sync(5000, 256L << 20, 1).withRole(HaRole.ASYNC_MASTER))) {
            PutResult before = master.put("R", 0, "while ASYNC");
            try (FakeSlave first = new FakeSlave(master.haAddress(), 0)) {
                first.report(before.nextOffset());
                Node.await("the slave's ack", () -> master.ha.haStatus().slaves().size() == 1
                        && master.ha.haStatus().slaves().get(0).ackedOffset() == before.nextOffset());
            }
            Node.await("the dropped connection to go", () -> master.ha.haStatus().slaves().isEmpty());
            try (FakeSlave again = new FakeSlave(master.haAddress())) {
                Node.await("the slave to reconnect", () -> master.ha.haStatus().slaves().size() == 1);
                master.ha.changeRole(HaRole.SYNC_MASTER, null);
                PutResult r = master.put("R", 0, "first after the swap");
                CompletableFuture<PutStatus> f = master.ha.awaitReplicated(r.nextOffset());
                assertFalse(f.isDone(), "a reconnecting slave that was in sync is waited for: " + f.getNow(null));
                again.start(before.nextOffset());
                again.report(r.nextOffset());
                assertEquals(PutStatus.PUT_OK, f.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aSlaveInItsFirstHandshakeIsWaitedForWhileTheAppendIsWithinFallbehindMaxOfOffsetZero() throws Exception {
        try (Node master = Node.start(dir, sync(5000, 1000, 1));
             FakeSlave slave = new FakeSlave(master.haAddress())) {
            Node.await("the connection", () -> master.ha.haStatus().slaves().size() == 1);
            PutResult first = master.put("H", 0, "first");
            CompletableFuture<PutStatus> f = master.ha.awaitReplicated(first.nextOffset());
            assertFalse(f.isDone(), "the handshaking slave is waited for: " + f.getNow(null));
            long end = first.nextOffset();
            while (end <= 1000) {
                end = master.put("H", 0, "x".repeat(200)).nextOffset();
            }
            assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, master.ha.awaitReplicated(end).getNow(null),
                    "more than haSlaveFallbehindMax beyond any ack: refused at once");
            slave.start(0);
            slave.report(first.nextOffset());
            assertEquals(PutStatus.PUT_OK, f.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void oneAckCompletesEveryWaiterItCoversInOffsetOrder() throws Exception {
        try (Node master = Node.start(dir, sync(10_000, 256L << 20, 1));
             FakeSlave slave = new FakeSlave(master.haAddress(), 0)) {
            awaitSlaves(master, 1);
            List<Long> ends = new ArrayList<>();
            List<Long> completed = new CopyOnWriteArrayList<>();
            List<CompletableFuture<PutStatus>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ends.add(master.put("P", i % 3, "m" + i).nextOffset());
            }
            // waiters registered out of order (as concurrent senders may): completion still follows offsets
            for (int i = 199; i >= 0; i--) {
                long end = ends.get(i);
                futures.add(master.ha.awaitReplicated(end).whenComplete((s, e) -> completed.add(end)));
            }
            assertEquals(200, master.ha.haStatus().pendingWaiters());
            slave.report(ends.get(119));
            Node.await("120 completions", () -> completed.size() == 120);
            Thread.sleep(50);
            assertEquals(120, completed.size(), "exactly the covered waiters");
            assertEquals(ends.subList(0, 120), completed, "in offset order");
            slave.report(ends.get(199));
            Node.await("all completions", () -> completed.size() == 200);
            assertEquals(ends, completed);
            for (CompletableFuture<PutStatus> f : futures) {
                assertEquals(PutStatus.PUT_OK, f.getNow(null));
            }
            assertEquals(0, master.ha.haStatus().pendingWaiters());
        }
    }

    @Test
    void aStalledSlaveGivesFlushSlaveTimeoutAfterSlaveTimeout() throws Exception {
        try (Node master = Node.start(dir, sync(300, 256L << 20, 1));
             FakeSlave slave = new FakeSlave(master.haAddress(), 0)) {
            awaitSlaves(master, 1);
            PutResult r = master.put("T", 0, "stalled");
            long t0 = System.nanoTime();
            PutStatus s = master.ha.awaitReplicated(r.nextOffset()).get(5, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(PutStatus.FLUSH_SLAVE_TIMEOUT, s);
            assertTrue(ms >= 280 && ms < 5000, "answered after about slaveTimeout, took " + ms + " ms");
            assertTrue(master.store.lookupMessage(r.physicalOffset()).isPresent(), "the message stays stored");
        }
    }

    @Test
    void noSlaveOrASlaveTooFarBehindGivesSlaveNotAvailableAtOnce() throws Exception {
        try (Node master = Node.start(dir, sync(5000, 1000, 1))) {
            PutResult r = master.put("N", 0, "alone");
            assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, master.ha.awaitReplicated(r.nextOffset()).getNow(null),
                    "no slave connected");
            try (FakeSlave slave = new FakeSlave(master.haAddress(), 0)) {
                awaitSlaves(master, 1);
                long last = 0;
                while (last < 1500) {
                    last = master.put("N", 0, "x".repeat(200)).nextOffset();
                }
                long end = last;
                assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, master.ha.awaitReplicated(end).getNow(null),
                        "the slave acked 0, more than haSlaveFallbehindMax=1000 behind");
                assertFalse(master.ha.haStatus().slaves().get(0).inSync());
                slave.report(end - 500);
                Node.await("the ack", () -> master.ha.haStatus().slaves().get(0).ackedOffset() == end - 500);
                CompletableFuture<PutStatus> f = master.ha.awaitReplicated(end);
                assertFalse(f.isDone(), "within the gap: it waits");
                slave.report(end);
                assertEquals(PutStatus.PUT_OK, f.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void inSyncReplicasThreeWaitsForTwoSlaves() throws Exception {
        try (Node master = Node.start(dir, sync(5000, 256L << 20, 3));
             FakeSlave a = new FakeSlave(master.haAddress(), 0)) {
            awaitSlaves(master, 1);
            PutResult r = master.put("Q", 0, "two copies");
            assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, master.ha.awaitReplicated(r.nextOffset()).getNow(null),
                    "one slave connected, two required");
            try (FakeSlave b = new FakeSlave(master.haAddress(), 0)) {
                awaitSlaves(master, 2);
                CompletableFuture<PutStatus> f = master.ha.awaitReplicated(r.nextOffset());
                a.report(r.nextOffset());
                Thread.sleep(100);
                assertFalse(f.isDone(), "one of two acks");
                b.report(r.nextOffset());
                assertEquals(PutStatus.PUT_OK, f.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void theMasterStreamsChunksOfAtMostTheBatchSizeFromTheStartOffset() throws Exception {
        HaSettings s = new HaSettings(HaRole.ASYNC_MASTER, 0, null, 200, 20_000, 100, 256L << 20, 3000, 1);
        try (Node master = Node.start(dir, s)) {
            long end = 0;
            for (int i = 0; i < 10; i++) {
                end = master.put("B", 0, "body-" + i).nextOffset();
            }
            try (FakeSlave slave = new FakeSlave(master.haAddress(), 0)) {
                assertEquals(end, slave.handshake.masterEnd());
                assertEquals(1, slave.handshake.epochs().size());
                long at = 0;
                while (at < end) {
                    long[] frame = slave.readFrame();
                    if (frame[1] == 0) {
                        continue; // heartbeat
                    }
                    assertEquals(at, frame[0], "chunks are contiguous");
                    assertTrue(frame[1] <= 100, "at most haTransferBatchSize");
                    at += frame[1];
                }
                assertEquals(end, at);
                long[] hb = slave.readFrame();
                assertEquals(end, hb[0], "an idle master sends heartbeats naming the next offset");
                assertEquals(0, hb[1]);
            }
        }
    }
}
