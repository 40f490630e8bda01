package io.comet.broker.internal;

import static io.comet.broker.internal.BrokerHarness.sendV2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The DS component's life cycle without a framework: the server is published for whiteboard processors, the
 * consuming side is wired in, tunables apply live, address changes restart the server, roles needing HA are
 * refused, and deactivation withdraws everything.
 */
@Timeout(60)
class BrokerComponentTest {
    @TempDir
    Path dir;
    DefaultMessageStore store;
    final RemotingClient client = Remoting.newClient(ClientSettings.defaults());
    final List<Registration> registrations = new ArrayList<>();

    record Registration(Class<?> type, Object service, Dictionary<String, ?> props, boolean[] unregistered) {}

    @BeforeEach
    void open() {
        store = DefaultMessageStore.open(StoreSettings.builder().storePathRootDir(dir)
                .mappedFileSizeCommitLog(1024 * 1024).cleanResourceInterval(3_600_000).build());
        store.useFlushPolicy(new ImmediateFlush(), StoreSettings.ASYNC_FLUSH);
    }

    @AfterEach
    void close() {
        client.close();
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
        Field f = Broker.class.getDeclaredField("store");
        f.setAccessible(true);
        f.set(b, store);
        return b;
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
    void rolesNeedingReplicationAreRefusedWithoutIt() throws Exception {
        Broker broker = component();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> broker.activate(context(), config(Map.of("brokerRole", "SLAVE", "brokerId", 1))));
        assertTrue(e.getMessage().contains("brokerRole=SLAVE needs replication"), e.getMessage());
        assertTrue(registrations.isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> broker.activate(context(), config(Map.of("brokerRole", "SYNC_MASTER"))));
    }

    @Test
    void aSlaveRefusesWrites() throws Exception {
        store.close();
        try (BrokerHarness slave = new BrokerHarness(dir.resolve("slave"), Map.of("brokerRole", "SLAVE",
                "brokerId", 1), true)) {
            RemotingCommand r = slave.call(sendV2("T", 0, "", "x"));
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, r.code());
            assertTrue(r.remark().contains("the broker is a slave"), r.remark());
            RemotingCommand end = slave.call(RemotingCommand.request(RequestCode.END_TRANSACTION));
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, end.code());
        } finally {
            open();
        }
    }
}
