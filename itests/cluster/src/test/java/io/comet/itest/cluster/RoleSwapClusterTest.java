package io.comet.itest.cluster;

import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the live role-swap cluster tests share: the shipped {@code conf/2m-2s-async/broker-a*.properties} with
 * ports, addresses, store folders and the NameServer rewritten, a NameServer, brokers started with
 * {@code bin/mqbroker -c} as their own processes, edits of a broker's watched {@code -c} file (applied live through
 * ConfigAdmin), and read-outs through the official 5.3.1 admin client (roles, registered ids, commit-log max
 * offsets, a message at a commit-log offset). Abstract: the subclasses are the tests.
 */
abstract class RoleSwapClusterTest {
    static final Duration BOOT = Duration.ofSeconds(60);
    final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    @TempDir
    Path work;
    final int nsPort = FreePorts.next();
    final String nsAddr = "127.0.0.1:" + nsPort;
    DefaultMQAdminExt admin;

    @AfterEach
    void shutdownAdmin() {
        if (admin != null) {
            admin.shutdown();
        }
    }

    /** Starts the NameServer on {@link #nsAddr} (a free loopback port) and an admin client on it. */
    CometNode startNamesrv() throws Exception {
        Path nsConf = CometNode.writeConfig(work, "namesrv.properties", Map.of("listenPort", String.valueOf(nsPort),
                "bindAddress", "127.0.0.1", "kvConfigPath", work.resolve("kv/kvConfig.json").toString()));
        CometNode ns = CometNode.startNamesrv(work.resolve("ns"), nsConf, BOOT);
        admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nsAddr);
        admin.setInstanceName("comet-swap-admin-" + run);
        admin.start();
        return ns;
    }

    /**
     * The shipped {@code conf/2m-2s-async/<shipped>.properties} with {@code listenPort}, {@code haListenPort},
     * loopback addresses, the NameServer and a store folder under the test's folder, plus {@code overrides},
     * written to {@code <fileName>}.
     */
    Path brokerConf(String shipped, String fileName, int port, int haPort, Map<String, String> overrides) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(CometNode.distribution().resolve("conf/2m-2s-async/" + shipped
                + ".properties"))) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> entries = new HashMap<>();
        props.forEach((k, v) -> entries.put((String) k, (String) v));
        entries.put("listenPort", String.valueOf(port));
        entries.put("haListenPort", String.valueOf(haPort));
        entries.put("brokerIP1", "127.0.0.1");
        entries.put("bindAddress", "127.0.0.1");
        entries.put("namesrvAddr", nsAddr);
        entries.put("storePathRootDir", work.resolve(shipped + "-store").toString());
        entries.putAll(overrides);
        return CometNode.writeConfig(work, fileName, entries);
    }

    /** {@code bin/mqbroker -c conf} in {@code work/<dir>}; waits for its boot line. */
    CometNode startBroker(String dir, Path conf, int port) {
        CometNode node = CometNode.start("broker", "mqbroker", work.resolve(dir), List.of("-c", conf.toString()));
        try {
            node.awaitLog("broker.log", "The broker[broker-a, 127.0.0.1:" + port + "] boot success", BOOT);
        } catch (AssertionError | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * Edits a running broker's watched {@code -c} file as an operator would: the whole new text is written to a
     * temporary file in the same folder and renamed over it ({@code null} values remove the key).
     */
    static void editConf(Path conf, Map<String, String> changes) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(conf)) {
            props.load(in);
        }
        changes.forEach((k, v) -> {
            if (v == null) {
                props.remove(k);
            } else {
                props.setProperty(k, v);
            }
        });
        Path tmp = conf.resolveSibling(conf.getFileName() + ".edit");
        try (var out = Files.newBufferedWriter(tmp, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            props.store(out, "edited by a Comet role-swap test");
        }
        Files.move(tmp, conf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** broker-a's registered addresses by id, as the NameServer reports them (empty when none). */
    Map<Long, String> brokerA() {
        try {
            BrokerData a = admin.examineBrokerClusterInfo().getBrokerAddrTable().get("broker-a");
            return a == null ? Map.of() : Map.copyOf(a.getBrokerAddrs());
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** A value of GET_BROKER_RUNTIME_INFO ({@code brokerRole}, {@code commitLogMaxOffset}, ...). */
    String runtime(String addr, String key) {
        try {
            return admin.fetchBrokerRuntimeStats(addr).getTable().get(key);
        } catch (Exception e) {
            throw new AssertionError("GET_BROKER_RUNTIME_INFO from " + addr + " failed: " + e, e);
        }
    }

    long maxOffset(String addr) {
        return Long.parseLong(runtime(addr, "commitLogMaxOffset"));
    }

    /** True when {@code addr} answers with role {@code role}; false while it does not or cannot answer. */
    boolean hasRole(String addr, String role) {
        try {
            return role.equals(admin.fetchBrokerRuntimeStats(addr).getTable().get("brokerRole"));
        } catch (Exception e) {
            return false;
        }
    }

    void createTopic(String addr, String topic) throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig(topic, 4, 4));
    }

    /** The message stored at commit-log offset {@code phyOffset} of broker {@code addr} (VIEW_MESSAGE_BY_ID). */
    MessageExt view(String addr, String topic, long phyOffset) throws Exception {
        return admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl().viewMessage(addr, topic, phyOffset, 5000);
    }

    /** The commit-log offset of a sent message (from its offset message id). */
    static long phyOffset(SendResult r) {
        try {
            return MessageDecoder.decodeMessageId(r.getOffsetMsgId()).getOffset();
        } catch (Exception e) {
            throw new AssertionError("bad offset message id in " + r, e);
        }
    }

    /** The broker that stored a sent message ("ip:port", from its offset message id). */
    static String storeHost(SendResult r) {
        try {
            var host = (java.net.InetSocketAddress) MessageDecoder.decodeMessageId(r.getOffsetMsgId()).getAddress();
            return host.getHostString() + ":" + host.getPort();
        } catch (Exception e) {
            throw new AssertionError("bad offset message id in " + r, e);
        }
    }

    /** A started producer that refreshes routes every second and does not retry on its own. */
    DefaultMQProducer producer(String name) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(name + "-" + run);
        p.setNamesrvAddr(nsAddr);
        p.setInstanceName(name + "-" + run);
        p.setSendMsgTimeout(5000);
        p.setPollNameServerInterval(1000);
        p.setRetryTimesWhenSendFailed(0);
        p.start();
        return p;
    }

    /** How often {@code text} occurs in the node's {@code broker.log}. */
    static int count(CometNode node, String text) throws IOException {
        String log = Files.readString(node.log("broker.log"), java.nio.charset.StandardCharsets.UTF_8);
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
