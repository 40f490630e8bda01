package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.ha.HaRole;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DS component driven as SCR would: constructor activation, {@code @Modified}, deactivation. */
@Timeout(30)
class HaComponentTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aModifiedBrokerRoleSwapsLiveAndTheStatusSourceReportsIt() throws Exception {
        try (Node n = Node.start(dir, Node.settings(HaRole.SLAVE, null))) {
            n.ha.close();
            n.ha = null;
            int port = freePort();
            Map<String, Object> config = new HashMap<>(Map.of("brokerRole", "SYNC_MASTER",
                    "haListenPort", String.valueOf(port), "slaveTimeout", "200"));
            HaComponent c = new HaComponent(n.store, config, "127.0.0.1");
            List<HaRole> seen = new CopyOnWriteArrayList<>();
            AutoCloseable listener = c.addRoleListener(seen::add);
            try {
                assertEquals(port, c.haListenPort(), "the bound port is published");
                assertEquals("ha", c.statusName());
                assertEquals(HaRole.SYNC_MASTER, c.role());
                assertEquals(HaRole.SYNC_MASTER, c.status().get("role"));
                assertEquals("127.0.0.1:" + port, c.status().get("listenAddress"));
                PutResult r = n.put("C", 0, "m");
                assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, c.awaitReplicated(r.nextOffset()).getNow(null));

                config.put("brokerRole", "ASYNC_MASTER");
                c.modified(config);
                assertEquals(HaRole.ASYNC_MASTER, c.role());
                assertEquals(PutStatus.PUT_OK, c.awaitReplicated(r.nextOffset()).getNow(null));
                assertEquals("127.0.0.1:" + port, c.haStatus().listenAddress(), "the same server kept running");

                config.put("brokerRole", "SLAVE");
                config.put("haMasterAddress", "127.0.0.1:" + freePort());
                c.modified(config);
                assertEquals(HaRole.SLAVE, c.role());
                assertSame(null, c.haStatus().listenAddress());
                assertEquals(false, c.status().get("masterConnected"));
                assertEquals(config.get("haMasterAddress"), c.status().get("masterAddress"));
                assertEquals(port, c.haListenPort(), "a slave publishes its configured port");
                assertEquals(List.of(HaRole.ASYNC_MASTER, HaRole.SLAVE), seen, "each hand-over is reported once");
                listener.close();
                config.put("brokerRole", "ASYNC_MASTER");
                c.modified(config);
                assertEquals(2, seen.size(), "a removed listener is not called");
            } finally {
                c.deactivate();
            }
        }
    }

    @Test
    void aTakenHaPortIsReportedForStoppingTheNodeNamingPortAndKey() throws Exception {
        try (Node n = Node.storeOnly(dir);
             ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<String> reasons = new CopyOnWriteArrayList<>();
            Map<String, Object> config = Map.of("brokerRole", "ASYNC_MASTER",
                    "haListenPort", String.valueOf(taken.getLocalPort()));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new HaComponent(n.store, config, "127.0.0.1", reasons::add));
            assertEquals(1, reasons.size(), "the node stopper is called once: " + reasons);
            String reason = reasons.get(0);
            assertTrue(reason.contains("127.0.0.1:" + taken.getLocalPort()) && reason.contains("(haListenPort)"),
                    reason);
            assertTrue(reason.contains(e.getMessage()), reason);
        }
    }

    @Test
    void aPromotionWhoseHaPortIsTakenLeavesTheNodeASlave() throws Exception {
        try (Node n = Node.storeOnly(dir);
             ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String master = "127.0.0.1:" + freePort();
            Map<String, Object> config = new HashMap<>(Map.of("brokerRole", "SLAVE",
                    "haListenPort", String.valueOf(taken.getLocalPort()), "haMasterAddress", master));
            HaComponent c = new HaComponent(n.store, config, "127.0.0.1");
            try {
                config.put("brokerRole", "ASYNC_MASTER");
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.modified(config));
                assertTrue(e.getMessage().contains("(haListenPort)"), e.getMessage());
                assertEquals(HaRole.SLAVE, c.role(), "the failed promotion leaves the role as it was");
                assertEquals(master, c.haStatus().masterAddress(), "and the node follows its master again");
                assertEquals(PutStatus.SLAVE_NOT_AVAILABLE, c.awaitReplicated(1).getNow(null));
            } finally {
                c.deactivate();
            }
        }
    }
}
