package io.comet.itest.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.comet.common.Json;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The NameServer feature, provisioned from the distribution into Felix, takes configuration changes - an edit of
 * its watched properties file and a ConfigAdmin update - while it runs: the framework, its bundles and the
 * listening server stay up, and the new value changes what clients are told.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NameServerFeatureTest {
    // Computed in the test JVM for @Configuration; the probe (loaded again inside the framework) reads the
    // values back from the system properties the configuration sets.
    private static final int PORT = freePort();
    private static final Path WORK = tempDir();
    private static final Path CONFIG = WORK.resolve("namesrv.properties");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        if (!Files.exists(CONFIG)) {
            Files.writeString(CONFIG, "# NameServer under pax-exam\nlistenPort=" + PORT + "\nbindAddress=127.0.0.1\n"
                    + "kvConfigPath=" + WORK.resolve("kvConfig.json") + "\n", StandardCharsets.ISO_8859_1);
        }
        List<Option> options = new ArrayList<>(DistributionBundles.of("namesrv", name -> true));
        options.add(systemProperty("comet.role").value("namesrv"));
        options.add(systemProperty("comet.config.file").value(CONFIG.toString()));
        options.add(systemProperty("comet.logs.dir").value(WORK.resolve("logs").toString()));
        options.add(systemProperty("gosh.args").value("--nointeractive"));
        return options(options.toArray(new Option[0]));
    }

    @Test
    public void configurationChangesApplyWithoutRestartingAnything() throws Exception {
        Path config = Path.of(System.getProperty("comet.config.file"));
        RemotingServer server = awaitServer();
        int port = server.port();
        assertTrue("listens on the configured port", read(config).contains("listenPort=" + port));
        ServiceReference<RemotingServer> serverRef = context.getServiceReference(RemotingServer.class);
        Object serverServiceId = serverRef.getProperty("service.id");
        Map<Long, String> bundlesBefore = bundleStates();

        String addr = "127.0.0.1:" + port;
        try (RemotingClient client = Remoting.newClient(ClientSettings.defaults())) {
            ok(client.invokeSync(addr, RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                    .put("namespace", "ORDER_TOPIC_CONFIG").put("key", "OrderedTopic").put("value", "broker-a:4"), 5000));
            ok(client.invokeSync(addr, registerBroker("OrderedTopic"), 5000));
            assertFalse("orderMessageEnable is off at start", route(client, addr).contains("orderTopicConf"));

            // 1. the operator edits the watched file
            Files.writeString(config, "orderMessageEnable=true\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
            await("the file edit reaches the running NameServer",
                    () -> route(client, addr).contains("\"orderTopicConf\":\"broker-a:4\""));

            // 2. a ConfigAdmin update (what Gogo and mqadmin do) turns it off again and is written back to the file
            org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("comet.namesrv", "?");
            Dictionary<String, Object> props = cfg.getProperties();
            assertNotNull("the loader created comet.namesrv", props);
            Hashtable<String, Object> changed = new Hashtable<>();
            for (var keys = props.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                changed.put(k, props.get(k));
            }
            changed.put("orderMessageEnable", Boolean.FALSE);
            cfg.update(changed);
            await("the ConfigAdmin update reaches the running NameServer",
                    () -> !route(client, addr).contains("orderTopicConf"));
            await("the file says what runs", () -> read(config).contains("orderMessageEnable=false"));
            assertTrue("comments and other keys are kept:\n" + read(config),
                    read(config).contains("# NameServer under pax-exam") && read(config).contains("listenPort=" + port));
        }

        assertEquals("the server was not restarted", serverServiceId,
                context.getServiceReference(RemotingServer.class).getProperty("service.id"));
        assertEquals("no bundle was reinstalled or stopped", bundlesBefore, bundleStates());
    }

    private RemotingServer awaitServer() throws InterruptedException {
        ServiceTracker<RemotingServer, RemotingServer> t = new ServiceTracker<>(context, RemotingServer.class, null);
        t.open();
        try {
            RemotingServer s = t.waitForService(30_000);
            assertNotNull("the NameServer's remoting server is registered", s);
            return s;
        } finally {
            t.close();
        }
    }

    private Map<Long, String> bundleStates() {
        Map<Long, String> m = new java.util.TreeMap<>();
        for (Bundle b : context.getBundles()) {
            m.put(b.getBundleId(), b.getSymbolicName() + "@" + b.getState() + "@" + b.getLastModified());
        }
        return m;
    }

    private static RemotingCommand registerBroker(String topic) {
        Map<String, Object> cfg = Map.of("topicName", topic, "readQueueNums", 4, "writeQueueNums", 4, "perm", 6,
                "topicFilterType", "SINGLE_TAG", "topicSysFlag", 0, "order", false);
        Map<String, Object> wrapper = Map.of("topicConfigTable", Map.of(topic, cfg),
                "dataVersion", Map.of("counter", 1, "stateVersion", 0, "timestamp", System.currentTimeMillis()));
        return RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .put("brokerName", "broker-a").put("brokerAddr", "127.0.0.1:10911").put("clusterName", "DefaultCluster")
                .put("haServerAddr", "127.0.0.1:10912").put("brokerId", 0).put("compressed", false).put("bodyCrc32", 0)
                .body(Json.toBytes(Map.of("topicConfigSerializeWrapper", wrapper, "filterServerList", List.of())));
    }

    private static String route(RemotingClient client, String addr) {
        try {
            RemotingCommand r = client.invokeSync(addr,
                    RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).put("topic", "OrderedTopic"), 5000);
            ok(r);
            return new String(r.body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void ok(RemotingCommand r) {
        assertEquals("response " + r, 0, r.code());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("not within 20 s: " + what);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        return TestWork.create("comet-paxexam-namesrv");
    }
}
