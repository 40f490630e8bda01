package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ordered hand-overs of {@link DefaultHaService#changeRole}. */
@Timeout(60)
class RoleChangeTest {
    @TempDir
    Path aDir;
    @TempDir
    Path bDir;

    @Test
    void promotionThenDemotionTruncatesTheOldMastersDivergentTailAndFollows() throws Exception {
        try (Node a = Node.master(aDir, HaRole.SYNC_MASTER); Node b = Node.slave(bDir, a)) {
            Node.await("the slave", () -> a.ha.haStatus().slaves().size() == 1
                    && a.ha.haStatus().slaves().get(0).ackedOffset() >= 0);
            for (int i = 0; i < 60; i++) {
                assertEquals(PutStatus.PUT_OK, a.send("D", i % 2, "common-" + i).get(10, TimeUnit.SECONDS));
            }
            Node.awaitCaughtUp(a, b);
            long common = a.store.maxPhyOffset();

            // the master's machine "dies": the slave is promoted (while A still writes: A's tail diverges)
            b.ha.changeRole(HaRole.ASYNC_MASTER, null);
            assertEquals(HaRole.ASYNC_MASTER, b.ha.role());
            assertEquals(2, b.ha.haStatus().epoch(), "a new epoch starts at the promotion");
            for (int i = 0; i < 25; i++) {
                a.put("D", 0, "lost-on-old-master-" + i);
            }
            for (int i = 0; i < 40; i++) {
                assertEquals(PutStatus.PUT_OK, b.send("D", i % 2, "new-master-" + i).get(10, TimeUnit.SECONDS));
            }
            assertTrue(a.store.maxPhyOffset() > common && b.store.maxPhyOffset() > common);
            a.awaitDispatched();
            assertEquals(30 + 25, a.queue("D", 0).size(), "before demotion A has its own tail");

            // the old master comes back as SLAVE of B
            a.ha.changeRole(HaRole.SLAVE, b.haAddress());
            for (int i = 40; i < 50; i++) {
                b.put("D", i % 2, "new-master-" + i);
            }
            Node.awaitCaughtUp(b, a);
            assertArrayEquals(b.commitLog(), a.commitLog(), "no divergent byte survives on A");
            a.awaitDispatched();
            b.awaitDispatched();
            for (int q = 0; q < 2; q++) {
                List<String> expected = b.queue("D", q);
                assertEquals(expected, a.queue("D", q), "queue " + q);
                assertEquals(30 + 25, expected.size());
                assertTrue(expected.stream().noneMatch(m -> m.contains("lost-on-old-master")));
            }
            assertEquals("30:new-master-0", a.queue("D", 0).get(30), "queue offsets continue from the common part");
            assertEquals(b.ha.haStatus().epoch(), a.ha.haStatus().epoch());
            assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, a.ha.awaitReplicated(a.store.maxPhyOffset()).getNow(null),
                    "a slave's gate refuses");
        }
    }

    @Test
    void demotionFailsPendingSyncWaitersWithSlaveNotAvailable() throws Exception {
        try (Node a = Node.start(aDir, new HaSettings(HaRole.SYNC_MASTER, 0, null, 200, 20_000, 32 * 1024,
                256L << 20, 10_000, 1)); FakeSlave slave = new FakeSlave(a.haAddress(), 0)) {
            Node.await("the slave", () -> a.ha.haStatus().slaves().size() == 1
                    && a.ha.haStatus().slaves().get(0).ackedOffset() == 0);
            PutResult first = a.put("W", 0, "acked");
            CompletableFuture<PutStatus> acked = a.ha.awaitReplicated(first.nextOffset());
            slave.report(first.nextOffset());
            assertEquals(PutStatus.PUT_OK, acked.get(5, TimeUnit.SECONDS));
            PutResult second = a.put("W", 0, "never acked");
            CompletableFuture<PutStatus> pending = a.ha.awaitReplicated(second.nextOffset());
            assertFalse(pending.isDone());
            a.ha.changeRole(HaRole.SLAVE, "127.0.0.1:1"); // nobody listens there: it keeps retrying, harmlessly
            assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, pending.get(1, TimeUnit.SECONDS));
            assertEquals(null, a.ha.listenAddress(), "the HA server is stopped");
        }
    }

    @Test
    void syncToAsyncCompletesPendingWaitersPutOkAtOnce() throws Exception {
        try (Node a = Node.start(aDir, new HaSettings(HaRole.SYNC_MASTER, 0, null, 200, 20_000, 32 * 1024,
                256L << 20, 10_000, 1)); FakeSlave slave = new FakeSlave(a.haAddress(), 0)) {
            Node.await("the slave", () -> a.ha.haStatus().slaves().size() == 1
                    && a.ha.haStatus().slaves().get(0).ackedOffset() == 0);
            List<CompletableFuture<PutStatus>> pending = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pending.add(a.ha.awaitReplicated(a.put("W", 0, "m" + i).nextOffset()));
            }
            assertTrue(pending.stream().noneMatch(CompletableFuture::isDone));
            a.ha.changeRole(HaRole.ASYNC_MASTER, null);
            for (CompletableFuture<PutStatus> f : pending) {
                assertEquals(PutStatus.PUT_OK, f.getNow(null));
            }
            long end = a.put("W", 0, "after").nextOffset();
            assertEquals(PutStatus.PUT_OK, a.ha.awaitReplicated(end).getNow(null), "ASYNC: no wait");
            a.ha.changeRole(HaRole.SYNC_MASTER, null);
            CompletableFuture<PutStatus> waits = a.ha.awaitReplicated(a.put("W", 0, "sync again").nextOffset());
            assertFalse(waits.isDone(), "SYNC again: later appends wait");
            slave.report(a.store.maxPhyOffset());
            assertEquals(PutStatus.PUT_OK, waits.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void asyncSyncSwapsUnderLoadFailNoSendAndLoseNoAckedMessage() throws Exception {
        try (Node a = Node.master(aDir, HaRole.ASYNC_MASTER); Node b = Node.slave(bDir, a)) {
            Node.await("the slave", () -> a.ha.haStatus().slaves().size() == 1
                    && a.ha.haStatus().slaves().get(0).ackedOffset() >= 0);
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentMap<PutStatus, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            List<String> acked = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger sent = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
                    for (int i = 0; !stop.get(); i++) {
                        String body = "t" + id + "-" + i;
                        sent.incrementAndGet();
                        inFlight.add(a.send("L", id, body).thenAccept(s -> {
                            outcomes.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                            if (s == PutStatus.PUT_OK) {
                                acked.add(id + ":" + body);
                            }
                        }));
                        if (inFlight.size() >= 32) {
                            inFlight.remove(0).join();
                        }
                    }
                    inFlight.forEach(CompletableFuture::join);
                }, "sender-" + t);
                th.start();
                senders.add(th);
            }
            HaRole r = HaRole.ASYNC_MASTER;
            for (int swap = 0; swap < 16; swap++) {
                Thread.sleep(60);
                r = r == HaRole.ASYNC_MASTER ? HaRole.SYNC_MASTER : HaRole.ASYNC_MASTER;
                a.ha.changeRole(r, null);
            }
            stop.set(true);
            for (Thread th : senders) {
                th.join(20_000);
                assertFalse(th.isAlive(), "every send completed");
            }
            int total = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
            assertEquals(sent.get(), total, "every send was answered");
            assertEquals(total, outcomes.get(PutStatus.PUT_OK).get(), "all PUT_OK: " + outcomes);
            assertTrue(total > 300, "a steady load: " + total);

            Node.awaitCaughtUp(a, b);
            b.awaitDispatched();
            java.util.Set<String> onSlave = new java.util.HashSet<>();
            for (int q = 0; q < 3; q++) {
                for (String m : b.queue("L", q)) {
                    onSlave.add(q + ":" + m.substring(m.indexOf(':') + 1));
                }
            }
            for (String m : acked) {
                assertTrue(onSlave.contains(m), "acknowledged " + m + " is on the slave");
            }
        }
    }

    @Test
    void promotionDropsAPartialEntryCopiedFromTheOldMaster() throws Exception {
        try (Node a = Node.master(aDir, HaRole.ASYNC_MASTER);
             Node b = Node.start(bDir, Node.settings(HaRole.SLAVE, null))) {
            for (int i = 0; i < 5; i++) {
                a.put("P", 0, "whole-" + i);
            }
            byte[] log = a.commitLog();
            long whole = log.length;
            a.put("P", 0, "the partial one");
            byte[] all = a.commitLog();
            // the slave got the 5 entries and half of the 6th, as a 32 KiB chunk boundary can leave it
            b.store.appendRaw(0, Node.bytes(java.util.Arrays.copyOf(all, (int) whole + 20)));
            assertEquals(whole + 20, b.store.maxPhyOffset());
            assertEquals(whole, LogBoundary.lastEntryEnd(b.store));

            b.ha.changeRole(HaRole.SYNC_MASTER, null);
            assertEquals(whole, b.store.maxPhyOffset(), "the partial entry is gone");
            PutResult r = b.put("P", 0, "first of the new master");
            assertEquals(whole, r.physicalOffset());
            assertEquals(5, r.queueOffset());
            b.awaitDispatched();
            assertEquals("5:first of the new master", b.queue("P", 0).get(5));
            assertTrue(b.ha.listenAddress() != null, "it accepts slaves");
        }
    }
}
