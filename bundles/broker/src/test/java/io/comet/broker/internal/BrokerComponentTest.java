package io.comet.broker.internal;

import static io.comet.broker.internal.BrokerHarness.sendV2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.ha.HaRole;
import io.comet.ha.internal.DefaultHaService;
import io.comet.ha.internal.HaSettings;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The DS component's life cycle without a framework: the server is published for whiteboard processors, the
 * consuming side is wired in, tunables apply live, address changes restart the server, role changes of the
 * HA service re-register with the id of the new role without restarting it, a slave refuses writes, and
 * deactivation withdraws everything.
 */
@Timeout(60)
class BrokerComponentTest {
    @TempDir
    Path dir;
    DefaultMessageStore store;
    DefaultHaService ha;
    final RemotingClient client = Remoting.newClient(ClientSettings.defaults());
    final List<Registration> registrations = new ArrayList<>();

    record Registration(Class<?> type, Object service, Dictionary<String, ?> props, boolean[] unregistered) {}

    @BeforeEach
    void open() {
        store = DefaultMessageStore.open(StoreSettings.builder().storePathRootDir(dir)
                .mappedFileSizeCommitLog(1024 * 1024).cleanResourceInterval(3_600_000).build());
        store.useFlushPolicy(new ImmediateFlush(), StoreSettings.ASYNC_FLUSH);
        ha = new DefaultHaService(store, HaSettings.defaults(HaRole.ASYNC_MASTER, 0), "127.0.0.1");
    }

    @AfterEach
    void close() {
        client.close();
        ha.close();
        store.close();
    }

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof Class<?> type) {
                        boolean[] gone = {false};
                        @SuppressWarnings("unchecked")
                        Registration r = new Registration(type, args[1], (Dictionary<String, ?>) args[2], gone);
                        registrations.add(r);
                        return Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        gone[0] = true;
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    Broker component() throws Exception {
        Broker b = new Broker();
        inject(b, "store", store);
        inject(b, "haService", ha);
        inject(b, "replicationGate", ha);
        return b;
    }

    private static void inject(Broker b, String field, Object value) throws Exception {
        Field f = Broker.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(b, value);
    }

    static BrokerConfiguration config(Map<String, Object> overrides) {
        Map<String, Object> v = new HashMap<>(Map.of("brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1",
                "listenPort", 0, "sendMessageThreadPoolNums", 1, "pullMessageThreadPoolNums", 2,
                "adminBrokerThreadPoolNums", 1, "heartbeatThreadPoolNums", 1));
        v.putAll(overrides);
        return Configurations.of(BrokerConfiguration.class, v);
    }

    RemotingServer published() {
        Registration last = registrations.get(registrations.size() - 1);
        assertEquals(RemotingServer.class, last.type());
        assertEquals("broker", last.props().get(RemotingServer.NAME));
        return (RemotingServer) last.service();
    }

    @Test
    void lifeCycle() throws Exception {
        Broker broker = component();
        broker.activate(context(), config(Map.of()));
        try {
            RemotingServer server = published();
            String address = "127.0.0.1:" + server.port();
            assertEquals("running", broker.status().get("state"));
            assertEquals("broker", broker.statusName());
            assertEquals(0, client.invokeSync(address, sendV2("T1", 0, "", "x"), 5000).code());
            RemotingCommand heartbeat = RemotingCommand.request(RequestCode.HEART_BEAT)
                    .body("{\"clientID\":\"c1\",\"consumerDataSet\":[],\"producerDataSet\":[]}".getBytes());
            assertNotEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    client.invokeSync(address, heartbeat, 5000).code(), "the consuming side is wired in");

            broker.modified(config(Map.of("autoCreateTopicEnable", false)));
            assertEquals(1, registrations.size(), "tunables apply without a new server");
            assertEquals(ResponseCode.TOPIC_NOT_EXIST, client.invokeSync(address, sendV2("T2", 0, "", "x"), 5000).code());

            broker.modified(config(Map.of("autoCreateTopicEnable", false, "brokerName", "broker-z")));
            assertEquals(2, registrations.size(), "an identity change restarts the server");
            assertTrue(registrations.get(0).unregistered()[0]);
            assertEquals("broker-z", broker.status().get("brokerName"));
            String newAddress = "127.0.0.1:" + published().port();
            assertEquals(0, client.invokeSync(newAddress, sendV2("T1", 0, "", "y"), 5000).code(),
                    "topics survive the restart");
        } finally {
            broker.deactivate();
        }
        assertTrue(registrations.get(registrations.size() - 1).unregistered()[0]);
        assertEquals("stopped", broker.status().get("state"));
    }

    @Test
    void aRoleSwapReRegistersWithTheIdOfTheNewRoleAndKeepsTheServer() throws Exception {
        try (FakeNameServer ns = new FakeNameServer()) {
            Broker broker = component();
            broker.activate(context(), config(Map.of("namesrvAddr", ns.address(), "brokerId", 2)));
            try {
                RemotingServer server = published();
                String address = "127.0.0.1:" + server.port();
                RemotingCommand first = ns.next(RequestCode.REGISTER_BROKER);
                assertEquals("0", first.field("brokerId"), "a master registers with 0 whatever brokerId says");
                assertEquals("127.0.0.1:" + ha.haListenPort(), first.field("haServerAddr"));
                assertEquals(0, client.invokeSync(address, sendV2("T1", 0, "", "x"), 5000).code());

                ns.requests.clear();
                ns.registerResponseFields.put("haServerAddr", "127.0.0.1:1");
                long t0 = System.nanoTime();
                ha.changeRole(HaRole.SLAVE, null);
                RemotingCommand asSlave = registrationWithId(ns, "2");
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5000,
                        "re-registered at once, not at the next period (30 s)");
                assertEquals("127.0.0.1:" + (server.port() + 1), asSlave.field("haServerAddr"),
                        "a slave whose haListenPort is 0 (any) announces listenPort + 1, as RocketMQ");
                assertEquals("SLAVE", broker.status().get("brokerRole").toString());
                RemotingCommand refused = client.invokeSync(address, sendV2("T1", 0, "", "y"), 5000);
                assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, refused.code(), "same connection, now refused");
                assertTrue(refused.remark().contains("slave"), refused.remark());
                awaitMasterAddress("127.0.0.1:1");

                ns.requests.clear();
                ha.changeRole(HaRole.SYNC_MASTER, null);
                registrationWithId(ns, "0");
                assertEquals(1, registrations.size(), "no role change restarted the server");
                assertEquals(server.port(), published().port());
            } finally {
                broker.deactivate();
            }
        }
    }

    /**
     * The next REGISTER_BROKER with {@code brokerId} (a round requested before the role change may still come
     * with the old id); fails after 10 s.
     */
    private static RemotingCommand registrationWithId(FakeNameServer ns, String brokerId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RemotingCommand r = ns.next(RequestCode.REGISTER_BROKER);
            if (brokerId.equals(r.field("brokerId"))) {
                return r;
            }
        }
        throw new AssertionError("no registration with brokerId " + brokerId + " within 10 s");
    }

    /** The HA service learned the master's HA address from the REGISTER_BROKER response (within 10 s). */
    private void awaitMasterAddress(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!expected.equals(ha.haStatus().masterAddress())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the slave did not learn " + expected + ": " + ha.haStatus());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSlaveRefusesWrites() throws Exception {
        ha.changeRole(HaRole.SLAVE, null);
        Broker broker = component();
        broker.activate(context(), config(Map.of("brokerId", 1)));
        try {
            String address = "127.0.0.1:" + published().port();
            RemotingCommand r = client.invokeSync(address, sendV2("T", 0, "", "x"), 5000);
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, r.code());
            assertTrue(r.remark().contains("the broker is a slave"), r.remark());
            RemotingCommand end = client.invokeSync(address, RemotingCommand.request(RequestCode.END_TRANSACTION), 5000);
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, end.code());
            assertEquals(0, store.maxPhyOffset(), "nothing was stored");
        } finally {
            broker.deactivate();
        }
    }
}
