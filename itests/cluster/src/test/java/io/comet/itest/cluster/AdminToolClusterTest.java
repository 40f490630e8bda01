package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.comet.itest.cluster.AdminToolRuns.configMap;
import static io.comet.itest.cluster.AdminToolRuns.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.itest.BrokerRegistrar;
import io.comet.itest.BrokerRegistrar.Topic;
import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import io.comet.itest.cluster.AdminToolRuns.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/mqadmin} and {@code bin/mqshell} as processes against {@code bin/mqnamesrv} and
 * {@code bin/mqbroker} processes, checking each command's effect, output and exit code, and comparing the
 * NameServer commands with Apache's rocketmq-tools 5.3.1 {@code MQAdminStartup} run in-process against the same
 * nodes.
 */
@Timeout(180)
class AdminToolClusterTest {
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    /** Reads fastjson's unquoted numeric keys too (Apache's topicRoute prints {0:"..."}). */
    static final ObjectMapper JSON = io.comet.common.Json.mapper();

    @TempDir
    static Path work;
    static CometNode namesrv;
    /** The broker's work folder (logs/, run/); its process is {@link #brokerProcess}. */
    static Path broker;
    static Process brokerProcess;
    static String nsAddr;
    static String brokerAddr;
    static BrokerRegistrar registrar;

    @BeforeAll
    static void startNodes() throws Exception {
        int nsPort = FreePorts.next();
        int brokerPort = FreePorts.next();
        nsAddr = "127.0.0.1:" + nsPort;
        brokerAddr = "127.0.0.1:" + brokerPort;
        Path nsConf = CometNode.writeConfig(work, "namesrv.properties", Map.of(
                "listenPort", String.valueOf(nsPort), "bindAddress", "127.0.0.1",
                "kvConfigPath", work.resolve("kv/kvConfig.json").toString()));
        namesrv = CometNode.startNamesrv(work.resolve("ns"), nsConf, Duration.ofSeconds(60));
        Path brokerConf = CometNode.writeConfig(work, "broker.properties", Map.of(
                "brokerClusterName", "AdminCluster", "brokerName", "broker-adm", "brokerId", "0",
                "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1", "listenPort", String.valueOf(brokerPort),
                "namesrvAddr", nsAddr, "storePathRootDir", work.resolve("store").toString(),
                "flushDiskType", "ASYNC_FLUSH"));
        broker = startBroker(brokerConf);
        awaitFile(broker.resolve("logs/broker.log"), "boot success");
        awaitOutput(() -> mqadmin("topicRoute", "-t", "TBW102").exit() == 0, "the broker registers TBW102");
        // a second, NameServer-only broker group (no process behind it) in another cluster
        registrar = new BrokerRegistrar(nsAddr);
        registrar.register("OtherCluster", "broker-x", 0, "127.0.0.1:1", "127.0.0.1:2",
                List.of(new Topic("XTopic" + RUN, 2, 3, 6)));
    }

    @AfterAll
    static void stop() {
        if (registrar != null) registrar.close();
        if (brokerProcess != null) {
            brokerProcess.destroy();
            try {
                if (!brokerProcess.waitFor(30, TimeUnit.SECONDS)) {
                    brokerProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (namesrv != null) namesrv.close();
    }

    /**
     * Starts {@code bin/mqbroker} with {@code user.home} in the test folder, so that nothing (not even a store
     * briefly opened on its default {@code ~/store} before the configuration arrives) touches the user's files or
     * contends with another broker on this machine.
     */
    static Path startBroker(Path conf) throws IOException {
        Path dir = work.resolve("broker");
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("run"));
        ProcessBuilder pb = new ProcessBuilder(CometNode.distribution().resolve("bin/mqbroker").toString(), "-c",
                conf.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mqbroker.out").toFile());
        pb.environment().put("ROCKETMQ_LOG_DIR", dir.resolve("logs").toString());
        pb.environment().put("COMET_RUN_DIR", dir.resolve("run").toString());
        pb.environment().put("JAVA_OPT", "-Xms64m -Xmx256m -Duser.home=" + dir.resolve("home"));
        brokerProcess = pb.start();
        return dir;
    }

    static void awaitFile(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            if (!brokerProcess.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + file + ":\n" + (Files.exists(file) ? Files.readString(file)
                : "(no file)"));
    }

    static Run script(String name, Map<String, String> env, String... args) {
        return AdminToolRuns.script(work, name, env, args);
    }

    static Run mqadmin(String... args) {
        return AdminToolRuns.mqadmin(work, nsAddr, args);
    }

    static Run mqshell(Path nodeDir, String... args) {
        return AdminToolRuns.mqshell(work, nodeDir, args);
    }

    static String apache(String... args) {
        return AdminToolRuns.apache(nsAddr, args);
    }

    static void awaitOutput(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    @Test
    void topicListAndRouteGiveTheSameAnswersAsApachesTool() throws Exception {
        Run ours = mqadmin("topicList");
        assertEquals(0, ours.exit(), ours.toString());
        TreeSet<String> our = new TreeSet<>(Arrays.asList(ours.out().split("\n")));
        TreeSet<String> theirs = new TreeSet<>(Arrays.asList(apache("topicList").split("\n")));
        assertEquals(theirs, our);
        assertTrue(our.contains("TBW102") && our.contains("XTopic" + RUN), our.toString());

        Run route = mqadmin("topicRoute", "-t", "XTopic" + RUN);
        JsonNode a = JSON.readTree(route.out());
        JsonNode b = JSON.readTree(apache("topicRoute", "-t", "XTopic" + RUN));
        assertEquals(b.path("queueDatas"), a.path("queueDatas"));
        assertEquals(b.path("brokerDatas").get(0).path("brokerAddrs"), a.path("brokerDatas").get(0).path("brokerAddrs"));
        assertEquals(b.path("brokerDatas").get(0).path("cluster"), a.path("brokerDatas").get(0).path("cluster"));

        Run listed = mqadmin("topicRoute", "-t", "XTopic" + RUN, "-l");
        assertEquals(apache("topicRoute", "-t", "XTopic" + RUN, "-l"), listed.out());
    }

    @Test
    void clusterListShowsTheSameBrokersAsApachesTool() {
        Run ours = mqadmin("clusterList");
        assertEquals(0, ours.exit(), ours.toString());
        String theirs = apache("clusterList");
        assertEquals(theirs.split("\n")[0], ours.out().split("\n")[0], "same header");
        assertEquals(firstColumns(theirs), firstColumns(ours.out()));
        String adm = Arrays.stream(ours.out().split("\n")).filter(l -> l.contains("broker-adm")).findFirst().orElseThrow();
        assertEquals(List.of("AdminCluster", "broker-adm", "0", brokerAddr), tokens(adm).subList(0, 4));
        assertTrue(tokens(adm).get(tokens(adm).size() - 1).equals("true"), "the live broker is active: " + adm);
    }

    private static List<List<String>> firstColumns(String table) {
        return Arrays.stream(table.split("\n")).skip(1).filter(l -> !l.isBlank())
                .map(l -> tokens(l).subList(0, 4)).collect(Collectors.toList());
    }

    @Test
    void kvAndNameServerConfigCommandsChangeTheNameServer() throws Exception {
        Run put = mqadmin("updateKvConfig", "-s", "ORDER_TOPIC_CONFIG", "-k", "K" + RUN, "-v", "broker-adm:4");
        assertEquals("create or update kv config to namespace success.\n", put.out(), put.toString());
        assertTrue(Files.readString(work.resolve("kv/kvConfig.json")).contains("K" + RUN));
        DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nsAddr);
        admin.setInstanceName("kv-admin-" + RUN);
        admin.start();
        try {
            assertEquals("broker-adm:4", admin.getKVConfig("ORDER_TOPIC_CONFIG", "K" + RUN),
                    "the official admin API reads the value back");
            assertEquals(apache("updateKvConfig", "-s", "ORDER_TOPIC_CONFIG", "-k", "A" + RUN, "-v", "x:1"),
                    put.out(), "same answer as Apache's tool");
            Run del = mqadmin("deleteKvConfig", "-s", "ORDER_TOPIC_CONFIG", "-k", "K" + RUN);
            assertEquals("delete kv config from namespace success.\n", del.out());
            assertFalse(Files.readString(work.resolve("kv/kvConfig.json")).contains("K" + RUN));
            assertThrows(Exception.class, () -> admin.getKVConfig("ORDER_TOPIC_CONFIG", "K" + RUN),
                    "a deleted key is not found");
            assertEquals(apache("deleteKvConfig", "-s", "ORDER_TOPIC_CONFIG", "-k", "A" + RUN), del.out());
        } finally {
            admin.shutdown();
        }

        Run get = mqadmin("getNamesrvConfig");
        assertEquals(0, get.exit(), get.toString());
        assertEquals(configMap(apache("getNamesrvConfig")), configMap(get.out()));
        Run upd = mqadmin("updateNamesrvConfig", "-k", "orderMessageEnable", "-v", "true");
        assertEquals("update name server config success![" + nsAddr + "]\norderMessageEnable : true\n", upd.out(),
                upd.toString());
        assertEquals("true", configMap(apache("getNamesrvConfig")).get("orderMessageEnable"));
        assertTrue(Files.readString(work.resolve("namesrv.properties")).contains("orderMessageEnable=true"));
        Run bad = mqadmin("updateNamesrvConfig", "-k", "scanNotActiveBrokerInterval", "-v", "soon");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("scanNotActiveBrokerInterval"), bad.err());
    }

    @Test
    void brokerCommandsAgainstTheLiveBroker() throws Exception {
        String topic = "AdmTopic" + RUN;
        Run create = mqadmin("updateTopic", "-c", "AdminCluster", "-t", topic, "-r", "2", "-w", "2");
        assertEquals(0, create.exit(), create.toString());
        assertTrue(create.out().startsWith("create topic to " + brokerAddr + " success.\n"), create.out());
        awaitOutput(() -> mqadmin("topicRoute", "-t", topic).exit() == 0, "the new topic is routed");

        Run send = mqadmin("sendMessage", "-t", topic, "-p", "hello from mqadmin", "-k", "key-" + RUN,
                "-b", "broker-adm", "-i", "1");
        assertEquals(0, send.exit(), send.toString());
        assertTrue(tokens(send.out().split("\n")[1]).containsAll(List.of("broker-adm", "1", "SEND_OK")), send.out());

        Run status = mqadmin("topicStatus", "-t", topic);
        assertEquals(0, status.exit(), status.toString());
        String[] lines = status.out().split("\n");
        assertEquals(List.of("broker-adm", "0", "0", "0"), tokens(lines[1]).subList(0, 4));
        assertEquals(List.of("broker-adm", "1", "0", "1"), tokens(lines[2]).subList(0, 4));
        assertEquals(tokens(apache("topicStatus", "-t", topic).split("\n")[2]), tokens(lines[2]),
                "same row as Apache's tool");

        Run byKey = mqadmin("queryMsgByKey", "-t", topic, "-k", "key-" + RUN);
        assertEquals(0, byKey.exit(), byKey.toString());
        assertEquals(2, byKey.out().split("\n").length, byKey.out());
        Run byOffset = mqadmin("queryMsgByOffset", "-t", topic, "-b", "broker-adm", "-i", "1", "-o", "0");
        assertTrue(byOffset.out().contains("hello from mqadmin"), byOffset.toString());
        Run consume = mqadmin("consumeMessage", "-t", topic, "-b", "broker-adm", "-i", "1");
        assertTrue(consume.out().contains("BODY: hello from mqadmin"), consume.toString());

        Run brokerStatus = mqadmin("brokerStatus", "-b", brokerAddr);
        assertEquals(0, brokerStatus.exit(), brokerStatus.toString());
        assertTrue(brokerStatus.out().contains("brokerVersionDesc"), brokerStatus.out());

        Run mode = mqadmin("brokerMode", "-b", brokerAddr);
        assertEquals(0, mode.exit(), mode.toString());
        assertTrue(mode.out().contains(String.format("%-50s=  %s\n", "flushDiskType", "ASYNC_FLUSH")), mode.out());

        Run delete = mqadmin("deleteTopic", "-t", topic, "-c", "AdminCluster");
        assertEquals(0, delete.exit(), delete.toString());
        assertFalse(mqadmin("topicList").out().contains(topic + "\n"));
    }

    @Test
    void wrongArgumentsGiveUsageAndExitCodes() {
        Run missing = mqadmin("updateTopic", "-b", brokerAddr);
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("Missing required option: t\nusage: mqadmin updateTopic"), missing.err());
        assertEquals("", missing.out());
        Run unknown = mqadmin("noSuchCommand");
        assertEquals(2, unknown.exit());
        Run help = mqadmin("clusterList", "-h");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("usage: mqadmin clusterList"));
        Run noAddr = script("mqadmin", Map.of(), "topicList");
        assertEquals(2, noAddr.exit(), noAddr.toString());
    }

    @Test
    void mqshellAttachesToTheNameServerAndChangesItsConfiguration() throws Exception {
        Run status = mqshell(namesrv.workDir(), "namesrv", "-c", "mq:status");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("role         namesrv"), status.out());
        Run set = mqshell(namesrv.workDir(), "namesrv", "-c", "mq:config set returnOrderTopicConfigToBroker true",
                "-c", "mq:config get returnOrderTopicConfigToBroker");
        assertEquals(0, set.exit(), set.toString());
        assertTrue(set.out().contains("returnOrderTopicConfigToBroker=true  (comet.namesrv)"), set.out());
        assertEquals("true", configMap(mqadmin("getNamesrvConfig").out()).get("returnOrderTopicConfigToBroker"),
                "the change is live: mqadmin sees it");
        Run topics = mqshell(namesrv.workDir(), "namesrv", "-c", "mq:topics");
        assertTrue(topics.out().contains("TBW102\n"), topics.out());
    }

    @Test
    void mqshellAttachesToTheBrokerAndSwapsTheFlushModeLive() throws Exception {
        Run before = mqshell(broker, "broker", "-c", "mq:mode");
        assertEquals(0, before.exit(), before.toString());
        assertTrue(before.out().matches("(?s).*\\n  flushDiskType +ASYNC_FLUSH\\n.*"), before.out());
        Run swap = mqshell(broker, "broker", "-c", "mq:mode flush SYNC_FLUSH");
        assertEquals(0, swap.exit(), swap.toString());
        assertTrue(swap.out().matches("(?s).*\\n  flushDiskType +SYNC_FLUSH\\n.*"), swap.out());
        Run viaAdmin = mqadmin("brokerMode", "-b", brokerAddr);
        assertTrue(viaAdmin.out().contains(String.format("%-50s=  %s\n", "flushDiskType", "SYNC_FLUSH")),
                viaAdmin.toString());
        Run back = mqadmin("brokerMode", "-b", brokerAddr, "-f", "ASYNC_FLUSH");
        assertEquals(0, back.exit(), back.toString());
        Run after = mqshell(broker, "broker", "-c", "mq:config get flushDiskType", "-c", "mq:store");
        assertTrue(after.out().contains("flushDiskType=ASYNC_FLUSH"), after.out());
        assertTrue(after.out().contains("maxPhyOffset"), after.out());
    }

    @Test
    void aConnectionWithoutTheTokenIsRefusedAndLogged() throws Exception {
        Path run = namesrv.workDir().resolve("run");
        String node = Files.list(run).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".console"))
                .findFirst().orElseThrow();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(run.resolve(node + ".token"))));
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(run.resolve(node)));
            Channels.newOutputStream(ch).write("AUTH not-the-token\nmq:status\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            assertEquals("ERR refused: bad token", in.readLine());
            String after;
            try {
                after = in.readLine();
            } catch (IOException reset) {
                after = null; // closed with our unread command line in its buffer: a reset
            }
            assertEquals(null, after, "closed, mq:status never ran");
        }
        namesrv.awaitLog("namesrv.log", "console: refused a connection", Duration.ofSeconds(10));
        Path wrongToken = Files.createDirectories(work.resolve("fake-run"));
        Files.writeString(wrongToken.resolve(node + ".token"), "0".repeat(64));
        Files.createSymbolicLink(wrongToken.resolve(node), run.resolve(node));
        Run refused = script("mqshell", Map.of("COMET_RUN_DIR", wrongToken.toString()), "-c", "mq:status");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("ERR refused: bad token"), refused.err());
    }
}
