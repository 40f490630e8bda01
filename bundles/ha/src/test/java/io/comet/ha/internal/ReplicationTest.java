package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.ha.HaRole;
import io.comet.ha.HaStatus;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real slave copying a real master over 127.0.0.1. */
@Timeout(60)
class ReplicationTest {
    @TempDir
    Path masterDir;
    @TempDir
    Path slaveDir;

    private static String body(int i) {
        return "message-" + i + "-" + "x".repeat(i % 7 * 40);
    }

    @Test
    void slaveCopiesTheCommitLogByteForByteAndBuildsTheSameQueues() throws Exception {
        try (Node master = Node.master(masterDir, HaRole.ASYNC_MASTER)) {
            for (int i = 0; i < 150; i++) {
                master.put("Rep", i % 4, body(i)); // before the slave exists: catch-up from 0
            }
            try (Node slave = Node.slave(slaveDir, master)) {
                for (int i = 150; i < 400; i++) {
                    master.put("Rep", i % 4, body(i)); // while it follows: streaming
                }
                Node.awaitCaughtUp(master, slave);
                assertTrue(master.store.maxPhyOffset() > 4 * 16 * 1024, "the log spans several files");
                assertArrayEquals(master.commitLog(), slave.commitLog(), "commit logs are identical");
                master.awaitDispatched();
                slave.awaitDispatched();
                int total = 0;
                for (int q = 0; q < 4; q++) {
                    List<String> m = master.queue("Rep", q);
                    assertEquals(m, slave.queue("Rep", q), "queue " + q + ": same offsets and bodies");
                    total += m.size();
                }
                assertEquals(400, total);
                assertEquals("0:" + body(0), slave.queue("Rep", 0).get(0));

                HaStatus ms = master.ha.haStatus();
                assertEquals(1, ms.slaves().size());
                Node.await("the master to see the final ack",
                        () -> master.ha.haStatus().slaves().get(0).ackedOffset() == master.store.maxPhyOffset());
                assertTrue(master.ha.haStatus().slaves().get(0).inSync());
                HaStatus ss = slave.ha.haStatus();
                assertEquals(HaRole.SLAVE, ss.role());
                assertTrue(ss.masterConnected());
                assertEquals(ms.epoch(), ss.epoch(), "the slave adopted the master's epoch list");
            }
        }
    }

    @Test
    void slaveReconnectsWhenTheMasterRestartsItsServerAndContinues() throws Exception {
        Node master = Node.master(masterDir, HaRole.ASYNC_MASTER);
        try (Node slave = Node.slave(slaveDir, master)) {
            int port = master.ha.listenAddress().getPort();
            for (int i = 0; i < 50; i++) {
                master.put("Rc", 0, body(i));
            }
            Node.awaitCaughtUp(master, slave);

            master.ha.close(); // the master's HA side goes away; its store stays
            Node.await("the slave to notice", () -> !slave.ha.haStatus().masterConnected());
            for (int i = 50; i < 80; i++) {
                master.put("Rc", 0, body(i)); // written while no slave is connected
            }
            master.ha = new DefaultHaService(master.store, new HaSettings(HaRole.ASYNC_MASTER, port, null, 200,
                    20_000, 32 * 1024, 256L << 20, 3000, 1), "127.0.0.1");
            assertEquals(port, master.ha.listenAddress().getPort());
            for (int i = 80; i < 100; i++) {
                master.put("Rc", 0, body(i));
            }
            Node.awaitCaughtUp(master, slave);
            assertArrayEquals(master.commitLog(), slave.commitLog());
            slave.awaitDispatched();
            assertEquals(100, slave.queue("Rc", 0).size());
            assertEquals("99:" + body(99), slave.queue("Rc", 0).get(99));
        } finally {
            master.close();
        }
    }

    @Test
    void aSlaveLearnsItsMasterFromTheNameServerAddress() throws Exception {
        try (Node master = Node.master(masterDir, HaRole.ASYNC_MASTER);
             Node slave = Node.start(slaveDir, Node.settings(HaRole.SLAVE, null))) {
            master.put("Ns", 0, "one");
            Thread.sleep(100);
            assertEquals(0, slave.store.maxPhyOffset(), "no address yet: nothing is copied");
            assertEquals(null, slave.ha.haStatus().masterAddress());
            slave.ha.updateMasterAddress(master.haAddress());
            Node.awaitCaughtUp(master, slave);
            assertEquals(master.haAddress(), slave.ha.haStatus().masterAddress());
        }
    }

    @Test
    void aChunkAtAnUnexpectedOffsetIsRefusedAndTheSlaveReReports() throws Exception {
        try (Node master = Node.master(masterDir, HaRole.ASYNC_MASTER)) {
            for (int i = 0; i < 20; i++) {
                master.put("Off", 0, body(i));
            }
            // a fake "master" that sends data at a wrong offset: the slave must not append it
            try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                 Node slave = Node.start(slaveDir, Node.settings(HaRole.SLAVE, "127.0.0.1:" + fake.getLocalPort()))) {
                fake.setSoTimeout(10_000);
                try (java.net.Socket s = fake.accept()) {
                    s.setSoTimeout(10_000);
                    java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                    java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
                    assertEquals(0, in.readLong(), "hello = the slave's log end");
                    out.writeLong(HaFrames.HANDSHAKE);
                    out.writeInt(12);
                    out.writeLong(1000);
                    out.writeInt(0);
                    out.flush();
                    assertEquals(0, in.readLong(), "start report");
                    out.writeLong(500); // the slave's log ends at 0
                    out.writeInt(4);
                    out.writeInt(42);
                    out.flush();
                    try {
                        while (true) { // heartbeat reports may come first; then the slave closes
                            assertEquals(0, in.readLong(), "only reports of its unchanged end");
                        }
                    } catch (java.io.EOFException closed) {
                        // the slave closed the connection
                    }
                }
                try (java.net.Socket again = fake.accept()) {
                    again.setSoTimeout(10_000);
                    assertEquals(0, new java.io.DataInputStream(again.getInputStream()).readLong(),
                            "it reconnected and re-reported its unchanged end");
                }
                assertEquals(0, slave.store.maxPhyOffset(), "nothing was appended");
                slave.ha.changeRole(HaRole.SLAVE, master.haAddress());
                Node.awaitCaughtUp(master, slave);
                assertArrayEquals(master.commitLog(), slave.commitLog());
            }
        }
    }

    @Test
    void theMasterListensOnTheRequestedHostAndAFreePort() {
        try (Node master = Node.master(masterDir, HaRole.SYNC_MASTER)) {
            InetSocketAddress a = master.ha.listenAddress();
            assertTrue(a.getPort() > 0);
            assertTrue(a.getAddress().isLoopbackAddress());
            assertEquals(HaRole.SYNC_MASTER, master.ha.haStatus().role());
            assertEquals("127.0.0.1:" + a.getPort(), master.ha.haStatus().listenAddress());
        }
    }

    @Test
    void aLocalAppendOnAFollowingSlaveIsDroppedBeforeTheNextChunk() throws Exception {
        try (Node master = Node.master(masterDir, HaRole.ASYNC_MASTER);
             Node slave = Node.slave(slaveDir, master)) {
            for (int i = 0; i < 30; i++) {
                master.put("Late", i % 2, body(i));
            }
            Node.awaitCaughtUp(master, slave);
            long common = slave.store.maxPhyOffset();
            // a send that passed the broker's role check just before a demotion, stored after the handshake
            slave.put("Stray", 0, "stray");
            assertTrue(slave.store.maxPhyOffset() > common);
            for (int i = 30; i < 60; i++) {
                master.put("Late", i % 2, body(i));
            }
            Node.awaitCaughtUp(master, slave);
            assertArrayEquals(master.commitLog(), slave.commitLog(), "the stray entry was cut, then copied over");
            slave.awaitDispatched();
            master.awaitDispatched();
            assertEquals(master.queue("Late", 0), slave.queue("Late", 0));
            assertEquals(master.queue("Late", 1), slave.queue("Late", 1));
            assertEquals(List.of(), slave.queue("Stray", 0), "the stray message is gone from its queue");
        }
    }
}
