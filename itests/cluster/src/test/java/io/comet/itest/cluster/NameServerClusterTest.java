package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.BrokerRegistrar;
import io.comet.itest.BrokerRegistrar.Topic;
import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code bin/mqnamesrv} as its own process, registers brokers with Comet's own remoting client and checks
 * what the official rocketmq-tools 5.3.1 admin and rocketmq-client 5.3.1 producer see.
 */
@Timeout(120)
class NameServerClusterTest {
    /** Long enough that the checks before expiry always run well inside the window, even on a loaded machine. */
    private static final long EXPIRY_MS = 8000;

    @TempDir
    static Path work;
    static CometNode namesrv;
    static String addr;
    static DefaultMQAdminExt admin;

    @BeforeAll
    static void startNameServer() throws Exception {
        int port = FreePorts.next();
        addr = "127.0.0.1:" + port;
        Path conf = CometNode.writeConfig(work, "namesrv.properties", Map.of(
                "listenPort", String.valueOf(port),
                "bindAddress", "127.0.0.1",
                "kvConfigPath", work.resolve("kv/kvConfig.json").toString(),
                "scanNotActiveBrokerInterval", "500",
                "brokerChannelExpiredTime", String.valueOf(EXPIRY_MS)));
        namesrv = CometNode.startNamesrv(work.resolve("node"), conf, Duration.ofSeconds(60));
        admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(addr);
        admin.setInstanceName("comet-test-admin-" + System.nanoTime());
        admin.start();
    }

    @AfterAll
    static void stop() {
        if (admin != null) admin.shutdown();
        if (namesrv != null) namesrv.close();
    }

    @Test
    void clusterInfoRoutesAndTopicListsReflectRegistrations() throws Exception {
        try (BrokerRegistrar broker = new BrokerRegistrar(addr)) {
            List<Topic> topicsA = List.of(new Topic("TopicA", 4, 4, 6), new Topic("TBW102", 8, 8, 7));
            broker.register("ClusterOne", "broker-a", 0, "127.0.0.1:20911", "127.0.0.1:20912", topicsA);
            var slaveResponse = broker.register("ClusterOne", "broker-a", 1, "127.0.0.1:21911", "127.0.0.1:21912", topicsA);
            assertEquals("127.0.0.1:20911", slaveResponse.field("masterAddr"), "a slave learns its master's address");
            assertEquals("127.0.0.1:20912", slaveResponse.field("haServerAddr"), "a slave learns its master's HA address");
            broker.register("ClusterTwo", "broker-b", 0, "127.0.0.1:22911", "127.0.0.1:22912",
                    List.of(new Topic("TopicB", 2, 3, 6), new Topic("TopicA", 1, 1, 4)));

            ClusterInfo info = admin.examineBrokerClusterInfo();
            assertEquals(Set.of("broker-a"), info.getClusterAddrTable().get("ClusterOne"));
            assertEquals(Set.of("broker-b"), info.getClusterAddrTable().get("ClusterTwo"));
            BrokerData a = info.getBrokerAddrTable().get("broker-a");
            assertEquals("127.0.0.1:20911", a.getBrokerAddrs().get(0L));
            assertEquals("127.0.0.1:21911", a.getBrokerAddrs().get(1L));
            assertEquals("ClusterOne", a.getCluster());

            TopicRouteData route = admin.examineTopicRouteInfo("TopicA");
            assertEquals(2, route.getQueueDatas().size(), "TopicA lives on two broker sets: " + route);
            QueueData qa = route.getQueueDatas().stream().filter(q -> q.getBrokerName().equals("broker-a")).findFirst().orElseThrow();
            assertEquals(4, qa.getReadQueueNums());
            assertEquals(4, qa.getWriteQueueNums());
            assertEquals(6, qa.getPerm());
            QueueData qb = route.getQueueDatas().stream().filter(q -> q.getBrokerName().equals("broker-b")).findFirst().orElseThrow();
            assertEquals(4, qb.getPerm(), "read-only on broker-b");
            assertEquals(2, route.getBrokerDatas().size());

            MQClientException unknown = assertThrows(MQClientException.class, () -> admin.examineTopicRouteInfo("NoSuchTopic"));
            assertEquals(17, unknown.getResponseCode(), "unknown topic answers TOPIC_NOT_EXIST");

            Set<String> all = admin.fetchAllTopicList().getTopicList();
            assertTrue(all.containsAll(Set.of("TopicA", "TopicB", "TBW102")), "all topics: " + all);
            Set<String> two = admin.fetchTopicsByCLuster("ClusterTwo").getTopicList();
            assertEquals(Set.of("TopicA", "TopicB"), two);

            // The official producer builds its write queues from the route: only writable queues on masters.
            DefaultMQProducer producer = new DefaultMQProducer("comet-route-check");
            producer.setNamesrvAddr(addr);
            producer.setInstanceName("comet-test-producer-" + System.nanoTime());
            producer.start();
            try {
                List<MessageQueue> queues = producer.fetchPublishMessageQueues("TopicA");
                assertEquals(4, queues.size(), "broker-b's TopicA is read-only: " + queues);
                assertTrue(queues.stream().allMatch(q -> q.getBrokerName().equals("broker-a")));
            } finally {
                producer.shutdown();
            }

            admin.deleteTopicInNameServer(Set.of(addr), "ClusterTwo", "TopicB");
            assertFalse(admin.fetchAllTopicList().getTopicList().contains("TopicB"), "TopicB deleted");

            broker.unregister("ClusterOne", "broker-a", 1, "127.0.0.1:21911");
            assertNull(admin.examineBrokerClusterInfo().getBrokerAddrTable().get("broker-a").getBrokerAddrs().get(1L),
                    "unregistered slave is gone");
        }
    }

    @Test
    void kvConfigIsStoredReadAndDeleted() throws Exception {
        admin.createAndUpdateKvConfig("ORDER_TOPIC_CONFIG", "OrderTopic", "broker-a:4;broker-b:4");
        assertEquals("broker-a:4;broker-b:4", admin.getKVConfig("ORDER_TOPIC_CONFIG", "OrderTopic"));
        assertEquals("broker-a:4;broker-b:4",
                admin.getKVListByNamespace("ORDER_TOPIC_CONFIG").getTable().get("OrderTopic"));
        Path kv = work.resolve("kv/kvConfig.json");
        assertTrue(Files.readString(kv).contains("OrderTopic"), "KV config persisted to " + kv);
        admin.deleteKvConfig("ORDER_TOPIC_CONFIG", "OrderTopic");
        MQClientException gone = assertThrows(MQClientException.class, () -> admin.getKVConfig("ORDER_TOPIC_CONFIG", "OrderTopic"));
        assertEquals(22, gone.getResponseCode(), "missing KV key answers QUERY_NOT_FOUND");
    }

    @Test
    void brokersExpireWhenSilentAndVanishWhenTheirConnectionCloses() throws Exception {
        BrokerRegistrar closing = new BrokerRegistrar(addr);
        closing.register("ClusterX", "broker-x", 0, "127.0.0.1:23911", "127.0.0.1:23912", List.of(new Topic("TopicX", 1, 1, 6)));
        try (BrokerRegistrar silent = new BrokerRegistrar(addr)) {
            silent.register("ClusterY", "broker-y", 0, "127.0.0.1:24911", "127.0.0.1:24912", List.of(new Topic("TopicY", 1, 1, 6)));
            long registeredAt = System.nanoTime();
            assertTrue(brokers().containsKey("broker-x") && brokers().containsKey("broker-y"));

            closing.close();
            await(Duration.ofSeconds(2), () -> !brokers().containsKey("broker-x"), "broker-x removed when its connection closed");
            assertThrows(MQClientException.class, () -> admin.examineTopicRouteInfo("TopicX"));
            boolean silentStillListed = brokers().containsKey("broker-y");
            long sinceRegistration = (System.nanoTime() - registeredAt) / 1_000_000;
            assertTrue(silentStillListed, "broker-y is still listed " + sinceRegistration + " ms after registering,"
                    + " within its " + EXPIRY_MS + " ms expiry window");
            admin.examineTopicRouteInfo("TopicY"); // and still routed

            await(Duration.ofMillis(EXPIRY_MS + 5000), () -> !brokers().containsKey("broker-y"),
                    "silent broker-y expired after " + EXPIRY_MS + " ms");
            long goneAfter = (System.nanoTime() - registeredAt) / 1_000_000;
            assertTrue(goneAfter >= EXPIRY_MS - 1000, "broker-y expired after " + goneAfter + " ms, before its "
                    + EXPIRY_MS + " ms expiry");
            MQClientException gone = assertThrows(MQClientException.class, () -> admin.examineTopicRouteInfo("TopicY"));
            assertEquals(17, gone.getResponseCode());
        }
    }

    @Test
    void nameServerConfigIsReadAndUpdatedLive() throws Exception {
        Properties before = admin.getNameServerConfig(List.of(addr)).get(addr);
        assertEquals(String.valueOf(EXPIRY_MS), before.getProperty("brokerChannelExpiredTime"));
        Properties change = new Properties();
        change.setProperty("orderMessageEnable", "true");
        admin.updateNameServerConfig(change, List.of(addr));
        Properties after = admin.getNameServerConfig(List.of(addr)).get(addr);
        assertEquals("true", after.getProperty("orderMessageEnable"));
        String file = Files.readString(work.resolve("namesrv.properties"));
        assertTrue(file.contains("orderMessageEnable=true"), "written back to the node's file:\n" + file);

        Properties bad = new Properties();
        bad.setProperty("scanNotActiveBrokerInterval", "soon");
        Exception refused = assertThrows(Exception.class, () -> admin.updateNameServerConfig(bad, List.of(addr)));
        assertTrue(String.valueOf(refused.getMessage()).contains("scanNotActiveBrokerInterval"), refused.getMessage());
        assertEquals("500", admin.getNameServerConfig(List.of(addr)).get(addr).getProperty("scanNotActiveBrokerInterval"));
    }

    private static Map<String, BrokerData> brokers() {
        try {
            return admin.examineBrokerClusterInfo().getBrokerAddrTable();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }
}
