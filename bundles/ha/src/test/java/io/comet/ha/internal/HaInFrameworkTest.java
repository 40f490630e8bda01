package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.StatusSource;
import io.comet.ha.HaRole;
import io.comet.ha.HaService;
import io.comet.ha.ReplicationGate;
import io.comet.store.MessageStore;
import io.comet.store.PutStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The HA bundle in a real framework (Felix, SCR, ConfigAdmin), configured through ConfigAdmin: it registers its
 * services against a {@link MessageStore} service, a {@code brokerRole} change in ConfigAdmin swaps ASYNC and SYNC
 * under load without re-registering anything, and a change to SLAVE makes it truncate and follow a promoted peer.
 * The peer (a store and HA service outside the framework) and the API come from the class path (system bundle
 * exports), as in the store bundle's framework test.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HaInFrameworkTest {
    private static final String[] PLATFORM = {
            "org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
            "org.osgi.service.component.ComponentContext", "org.apache.felix.cm.impl.ConfigurationManager",
            "org.apache.felix.scr.impl.Activator"};
    private static final String[] NETTY = {"io.netty.bootstrap", "io.netty.buffer", "io.netty.channel",
            "io.netty.channel.nio", "io.netty.channel.socket", "io.netty.channel.socket.nio", "io.netty.handler.codec",
            "io.netty.handler.timeout", "io.netty.util", "io.netty.util.concurrent"};

    @TempDir
    Path tmp;
    @TempDir
    Path inside;
    @TempDir
    Path outside;
    private Framework framework;
    private BundleContext context;

    @BeforeEach
    void boot() throws Exception {
        StringBuilder extra = new StringBuilder("io.comet.store;version=0.1.0,io.comet.common;version=0.1.0,"
                + "io.comet.ha;version=0.2.0,org.slf4j;version=2.0.17,org.osgi.service.cm;version=1.6.1");
        for (String p : NETTY) {
            extra.append(',').append(p).append(";version=4.1.140");
        }
        Map<String, String> config = new TreeMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, extra.toString());
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        for (String className : PLATFORM) {
            context.installBundle(Class.forName(className).getProtectionDomain().getCodeSource().getLocation()
                    .toString()).start();
        }
    }

    @AfterEach
    void shutdown() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private void configure(String pid, Map<String, Object> values) throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        Configuration c = context.getService(ref).getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
    }

    private <T> ServiceReference<T> awaitService(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServiceReference<T> ref = context.getServiceReference(type);
            if (ref != null) {
                return ref;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type.getSimpleName() + " service");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void roleChangesThroughConfigAdminSwapLiveAndADemotedNodeFollowsItsPromotedPeer() throws Exception {
        int haPort = freePort();
        try (Node node = Node.storeOnly(inside)) {
            context.registerService(MessageStore.class, node.store, null);
            configure("comet.broker", Map.of("listenPort", haPort - 1, "bindAddress", "127.0.0.1"));
            configure("comet.ha", Map.of("brokerRole", "SYNC_MASTER", "slaveTimeout", "10000"));
            Path classes = Path.of(HaComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Bundle ha = context.installBundle("reference:" + classes.toUri());
            ha.start();
            assertNotNull(ha.getEntry("OSGI-INF/metatype/comet.ha.xml"), "metatype of comet.ha");

            ServiceReference<HaService> serviceRef = awaitService(HaService.class);
            Object serviceId = serviceRef.getProperty(Constants.SERVICE_ID);
            HaService service = context.getService(serviceRef);
            ReplicationGate gate = context.getService(awaitService(ReplicationGate.class));
            assertEquals(HaRole.SYNC_MASTER, service.role());
            assertEquals("127.0.0.1:" + haPort, service.haStatus().listenAddress(), "listenPort + 1 on bindAddress");

            try (Node peer = Node.start(outside, Node.settings(HaRole.SLAVE, "127.0.0.1:" + haPort))) {
                Node.await("the peer to follow", () -> service.haStatus().slaves().size() == 1
                        && service.haStatus().slaves().get(0).ackedOffset() >= 0);

                // ASYNC <-> SYNC through ConfigAdmin while a sender runs
                AtomicBoolean stop = new AtomicBoolean();
                ConcurrentMap<PutStatus, AtomicInteger> outcomes = new ConcurrentHashMap<>();
                Thread sender = new Thread(() -> {
                    List<CompletableFuture<Void>> window = new ArrayList<>();
                    for (int i = 0; !stop.get(); i++) {
                        window.add(node.store.putMessage(Node.message("F", i % 2, "m" + i))
                                .thenCompose(r -> gate.awaitReplicated(r.nextOffset()))
                                .thenAccept(s -> outcomes.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet()));
                        if (window.size() >= 16) {
                            window.remove(0).join();
                        }
                    }
                    window.forEach(CompletableFuture::join);
                }, "framework-sender");
                sender.start();
                for (String role : new String[] {"ASYNC_MASTER", "SYNC_MASTER", "ASYNC_MASTER", "SYNC_MASTER"}) {
                    Thread.sleep(80);
                    configure("comet.ha", Map.of("brokerRole", role, "slaveTimeout", "10000"));
                    HaRole want = HaRole.valueOf(role);
                    Node.await("role " + role, () -> service.role() == want);
                }
                stop.set(true);
                sender.join(20_000);
                assertFalse(sender.isAlive());
                assertEquals(List.of(PutStatus.PUT_OK), List.copyOf(outcomes.keySet()), "no failed send: " + outcomes);
                assertTrue(outcomes.get(PutStatus.PUT_OK).get() > 50, "a steady load: " + outcomes);
                assertEquals(serviceId, awaitService(HaService.class).getProperty(Constants.SERVICE_ID),
                        "the same registration: swapped in place, never deactivated");

                // the peer is promoted; this node is demoted through ConfigAdmin and follows it
                Node.awaitCaughtUp(node, peer);
                peer.ha.changeRole(HaRole.ASYNC_MASTER, null);
                for (int i = 0; i < 5; i++) {
                    node.put("F", 0, "divergent-" + i); // written here after the peer stopped copying
                }
                for (int i = 0; i < 30; i++) {
                    peer.put("F", 1, "from-the-new-master-" + i);
                }
                configure("comet.ha", Map.of("brokerRole", "SLAVE", "haMasterAddress", peer.haAddress()));
                Node.await("this node to follow the peer", () -> service.role() == HaRole.SLAVE
                        && service.haStatus().masterConnected());
                Node.awaitCaughtUp(peer, node);
                assertArrayEquals(peer.commitLog(), node.commitLog(), "the divergent tail is gone");
                node.awaitDispatched();
                assertTrue(node.queue("F", 0).stream().noneMatch(m -> m.contains("divergent")));

                StatusSource status = null;
                for (ServiceReference<StatusSource> r : context.getServiceReferences(StatusSource.class, null)) {
                    StatusSource s = context.getService(r);
                    if ("ha".equals(s.statusName())) {
                        status = s;
                    }
                }
                assertNotNull(status, "a StatusSource named ha");
                assertEquals(HaRole.SLAVE, status.status().get("role"));
                assertEquals(peer.haAddress(), status.status().get("masterAddress"));
            }
            ha.stop();
            assertNull(context.getServiceReference(ReplicationGate.class));
        }
    }
}
