package io.comet.namesrv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.namesrv.Namesrv;
import io.comet.remoting.RemotingServer;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The DS component's life cycle without a framework: configuration with RocketMQ defaults, publication of the
 * listening server for whiteboard processors, live modification, and withdrawal on deactivation.
 */
@Timeout(30)
class NameServerComponentTest {
    @TempDir
    Path dir;

    /** The configuration DS would hand over: metatype defaults overridden by {@code values}. */
    static NameServerConfiguration config(Map<String, Object> values) {
        return (NameServerConfiguration) Proxy.newProxyInstance(NameServerConfiguration.class.getClassLoader(),
                new Class<?>[] {NameServerConfiguration.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "config" : null;
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    record Registration(Class<?> type, Object service, Dictionary<String, ?> props, boolean[] unregistered) {}

    static BundleContext context(List<Registration> registrations) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
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

    @Test
    void defaultsAreRocketMqs() {
        Map<String, String> d = NameServer.describe(config(Map.of()));
        assertEquals("9876", d.get("listenPort"));
        assertEquals("0.0.0.0", d.get("bindAddress"));
        assertEquals("5000", d.get("scanNotActiveBrokerInterval"));
        assertEquals("120000", d.get("brokerChannelExpiredTime"));
        assertEquals("false", d.get("orderMessageEnable"));
        assertEquals("8", d.get("serverWorkerThreads"));
        assertEquals("0", d.get("serverCallbackExecutorThreads"));
        assertEquals("3", d.get("serverSelectorThreads"));
        assertEquals("false", d.get("clusterTest"));
        assertEquals("~/namesrv/kvConfig.json", d.get("kvConfigPath"));
        assertEquals(NamesrvSettings.defaults(), NamesrvSettings.from(config(Map.of())));
        assertEquals(Path.of(System.getProperty("user.home"), "namesrv", "kvConfig.json"),
                NamesrvSettings.from(config(Map.of())).kvConfigPath());
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NamesrvSettings.from(config(Map.of("listenPort", 70000))));
        assertTrue(e.getMessage().contains("listenPort=70000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NamesrvSettings.from(config(Map.of("scanNotActiveBrokerInterval", 0L))));
        assertTrue(e.getMessage().contains("scanNotActiveBrokerInterval"), e.getMessage());
    }

    @Test
    void activatePublishesTheServerAndDeactivateWithdrawsIt() throws Exception {
        List<Registration> regs = new ArrayList<>();
        NameServer component = new NameServer();
        Map<String, Object> values = new HashMap<>(Map.of("bindAddress", "127.0.0.1", "listenPort", 0,
                "kvConfigPath", dir.resolve("kv.json").toString()));
        component.activate(context(regs), config(values));
        try {
            assertEquals(1, regs.size());
            Registration server = regs.get(0);
            assertEquals(RemotingServer.class, server.type());
            assertEquals(Namesrv.SERVER_NAME, server.props().get(RemotingServer.NAME));
            assertEquals(Namesrv.STATUS_NAME, component.statusName());
            String listen = component.status().get("listen").toString();
            assertTrue(listen.startsWith("127.0.0.1:"), listen);
            assertEquals(0, component.status().get("brokers"));

            int port = ((RemotingServer) server.service()).port();
            values.put("listenPort", port == 65535 ? port - 1 : port + 1);
            values.put("brokerChannelExpiredTime", 4000L);
            try {
                component.modified(config(values));
                assertTrue(server.unregistered()[0], "old server withdrawn on rebind");
                assertEquals(2, regs.size());
                assertNotNull(regs.get(1).service());
            } catch (IllegalStateException portTaken) {
                // the neighbouring port was busy: the component went back to the old port
                assertEquals(port, ((RemotingServer) regs.get(regs.size() - 1).service()).port());
            }
        } finally {
            component.deactivate();
        }
        assertTrue(regs.get(regs.size() - 1).unregistered()[0], "server withdrawn on deactivation");
        assertEquals(Map.of("state", "stopped"), component.status());
    }

    @Test
    void aPortInUseStopsTheNodeNamingAddressAndPort() throws Exception {
        List<Registration> regs = new ArrayList<>();
        List<String> stops = new ArrayList<>();
        NameServer component = new NameServer();
        component.nodeStopper = (code, reason) -> stops.add(code + " " + reason);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Map<String, Object> values = Map.of("bindAddress", "127.0.0.1", "listenPort", port,
                    "kvConfigPath", dir.resolve("kv.json").toString());
            assertThrows(IllegalStateException.class, () -> component.activate(context(regs), config(values)));
            assertEquals(1, stops.size(), "the node was told to stop once: " + stops);
            assertTrue(stops.get(0).startsWith("1 the Name Server cannot start on 127.0.0.1:" + port + ": java.net.BindException"),
                    stops.get(0));
        }
        assertTrue(regs.isEmpty(), "no server was published");
        assertEquals(Map.of("state", "stopped"), component.status());
    }

    @Test
    void anInvalidSettingStopsTheNodeWithTheSettingsMessage() {
        List<String> stops = new ArrayList<>();
        NameServer component = new NameServer();
        component.nodeStopper = (code, reason) -> stops.add(code + " " + reason);
        Map<String, Object> values = Map.of("bindAddress", "127.0.0.1", "listenPort", 70000,
                "kvConfigPath", dir.resolve("kv.json").toString());
        assertThrows(IllegalArgumentException.class, () -> component.activate(context(new ArrayList<>()), config(values)));
        assertEquals(1, stops.size());
        assertTrue(stops.get(0).startsWith("1 the Name Server cannot start on 127.0.0.1:70000: ")
                && stops.get(0).contains("listenPort=70000"), stops.get(0));
    }

    @Test
    void builtMetatypeDeclaresEveryAttributeWithItsDefault() throws Exception {
        String xml;
        try (var in = NameServerComponentTest.class.getClassLoader().getResourceAsStream("OSGI-INF/metatype/comet.namesrv.xml")) {
            assertNotNull(in, "bnd generated the metatype of " + Namesrv.PID);
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("<OCD id=\"" + Namesrv.PID + "\""), xml);
        for (Method m : NameServerConfiguration.class.getDeclaredMethods()) {
            String ad = "<AD id=\"" + m.getName() + "\"";
            int at = xml.indexOf(ad);
            assertTrue(at >= 0, "metatype lacks " + m.getName());
            String element = xml.substring(at, xml.indexOf('>', at));
            assertTrue(element.contains("default=\"" + m.getDefaultValue() + "\""), element);
        }
    }
}
