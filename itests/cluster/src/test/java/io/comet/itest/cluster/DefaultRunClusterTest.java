package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run commands ({@code bin/mqnamesrv}, {@code bin/mqbroker -n <addr> -c conf/broker.conf},
 * {@code bin/mqshutdown broker}) with the shipped {@code conf/namesrv.properties} and {@code conf/broker.conf},
 * only the ports and bind addresses replaced (the NameServer address comes from {@code -n}, the store from the
 * shipped {@code ${user.home}/store}): a single master of {@code DefaultCluster} that the official 5.3.1 clients
 * produce to (auto-creating the topic) and consume from, and that a clean shutdown takes off the NameServer.
 */
@Timeout(90)
class DefaultRunClusterTest {
    @TempDir
    Path work;
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    @AfterEach
    void stopAll() {
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /** A shipped conf file with {@code overrides} applied, written into the test folder. */
    private Path shipped(String name, Map<String, String> overrides) throws IOException {
        Path file = CometNode.distribution().resolve("conf").resolve(name);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        for (String key : overrides.keySet()) {
            assertTrue(key.equals("bindAddress") || key.equals("brokerIP1") || key.equals("haListenPort")
                    || p.containsKey(key),
                    "the shipped " + name + " sets " + key);
        }
        Map<String, String> entries = new HashMap<>();
        p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
        entries.putAll(overrides);
        return CometNode.writeConfig(work, name.replace('/', '-'), entries);
    }

    @Test
    void theReadmeCommandsRunASingleMasterThatClientsUse() throws Exception {
        int nsPort = FreePorts.next();
        String nsAddr = "127.0.0.1:" + nsPort;
        Path nsConf = shipped("namesrv.properties", Map.of("listenPort", String.valueOf(nsPort),
                "bindAddress", "127.0.0.1"));
        cleanup.push(CometNode.startNamesrv(work.resolve("ns"), nsConf, Duration.ofSeconds(60)));

        int brokerPort = FreePorts.next();
        String brokerAddr = "127.0.0.1:" + brokerPort;
        Map<String, String> overrides = new HashMap<>(Map.of("listenPort", String.valueOf(brokerPort),
                "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1",
                "haListenPort", String.valueOf(FreePorts.next())));
        Properties probe = new Properties();
        try (InputStream in = Files.newInputStream(CometNode.distribution().resolve("conf/broker.conf"))) {
            probe.load(in);
        }
        assertNull(probe.getProperty("namesrvAddr"), "the shipped broker.conf leaves the NameServer to -n");
        assertEquals("${user.home}/store", probe.getProperty("storePathRootDir"));
        Path brokerConf = shipped("broker.conf", overrides);
        Path brokerDir = work.resolve("broker");
        CometNode broker = CometNode.start("broker", "mqbroker", brokerDir,
                List.of("-n", nsAddr, "-c", brokerConf.toString()));
        cleanup.push(broker);
        broker.awaitLog("broker.log", "The broker[broker-a, " + brokerAddr + "] boot success", Duration.ofSeconds(60));

        DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nsAddr);
        admin.setInstanceName("defrun-admin-" + System.nanoTime());
        admin.start();
        cleanup.push(admin::shutdown);
        ConsumeCluster.await(() -> {
            try {
                BrokerData a = admin.examineBrokerClusterInfo().getBrokerAddrTable().get("broker-a");
                return a != null && brokerAddr.equals(a.getBrokerAddrs().get(0L));
            } catch (Exception e) {
                return false;
            }
        }, "broker-a (id 0) registers with the -n NameServer");
        ClusterInfo info = admin.examineBrokerClusterInfo();
        assertEquals(java.util.Set.of("broker-a"), info.getClusterAddrTable().get("DefaultCluster"));

        String topic = "DefaultRun" + System.nanoTime() % 1_000_000;
        DefaultMQProducer producer = new DefaultMQProducer("defrun-producer");
        producer.setNamesrvAddr(nsAddr);
        producer.setInstanceName("defrun-p-" + System.nanoTime());
        producer.start();
        cleanup.push(producer::shutdown);
        TreeSet<String> sent = new TreeSet<>();
        for (int i = 0; i < 5; i++) {
            SendResult r = producer.send(new Message(topic, ("run-" + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals(SendStatus.SEND_OK, r.getSendStatus(), "auto-created from TBW102");
            assertEquals("broker-a", r.getMessageQueue().getBrokerName());
            sent.add("run-" + i);
        }
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("defrun-consumer");
        consumer.setNamesrvAddr(nsAddr);
        consumer.setInstanceName("defrun-c-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        cleanup.push(consumer::shutdown);
        List<String> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (got.size() < 5 && System.currentTimeMillis() < deadline) {
            consumer.poll(500).forEach(m -> got.add(new String(m.getBody(), StandardCharsets.UTF_8)));
        }
        assertEquals(sent, new TreeSet<>(got));
        assertTrue(Files.isDirectory(brokerDir.resolve("home/store/commitlog")),
                "the store is at the shipped ${user.home}/store");

        ProcessBuilder pb = new ProcessBuilder(CometNode.distribution().resolve("bin/mqshutdown").toString(), "broker")
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mqshutdown.out").toFile());
        pb.environment().put("COMET_RUN_DIR", brokerDir.resolve("run").toString());
        Process shutdown = pb.start();
        assertTrue(shutdown.waitFor(70, TimeUnit.SECONDS), "mqshutdown finished");
        assertEquals(0, shutdown.exitValue(), Files.readString(work.resolve("mqshutdown.out")));
        assertTrue(broker.process().waitFor(10, TimeUnit.SECONDS), "the broker process has exited");
        String out = broker.output();
        assertTrue(out.contains(" stopped") && !out.contains("did not stop"), "a clean stop (SIGTERM, exit "
                + broker.process().exitValue() + "):\n" + out);
        BrokerData gone = admin.examineBrokerClusterInfo().getBrokerAddrTable().get("broker-a");
        assertTrue(gone == null || gone.getBrokerAddrs().isEmpty(), "unregistered: " + gone);
    }
}
