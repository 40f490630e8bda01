package io.comet.broker.internal;

import static io.comet.broker.internal.BrokerHarness.sendV2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.DataVersion;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.RegisterBrokerBody;
import io.comet.common.StoredMessage;
import io.comet.common.TopicConfig;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Topic, config, runtime-info and lookup requests as mqadmin / DefaultMQAdminExt send them. */
@Timeout(60)
class AdminNetworkTest {
    @TempDir
    Path dir;
    BrokerHarness broker;

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close();
        }
    }

    private static RemotingCommand updateTopic(String topic, int read, int write, int perm) {
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC).put("topic", topic)
                .put("defaultTopic", "TBW102").put("readQueueNums", read).put("writeQueueNums", write)
                .put("perm", perm).put("topicFilterType", "SINGLE_TAG").put("topicSysFlag", 0).put("order", false)
                .put("attributes", "");
    }

    private static RemotingCommand topicRequest(int code, String topic) {
        return RemotingCommand.request(code).put("topic", topic);
    }

    @Test
    void topicsAreCreatedReadListedAndDeleted() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        broker.nameServer.next(RequestCode.REGISTER_BROKER);
        assertEquals(0, broker.call(updateTopic("Orders", 3, 5, 6).put("attributes", "+queue.type=BatchCQ")).code());
        RemotingCommand reg = broker.nameServer.next(RequestCode.REGISTER_BROKER);
        assertTrue(RegisterBrokerBody.decode(reg.body(), false).topicConfigSerializeWrapper().topicConfigTable()
                .containsKey("Orders"), "re-registered at once with the new topic");

        RemotingCommand got = broker.call(topicRequest(RequestCode.GET_TOPIC_CONFIG, "Orders"));
        assertEquals(0, got.code());
        TopicConfig c = Json.fromBytes(got.body(), TopicConfig.class);
        assertEquals(3, c.readQueueNums());
        assertEquals(5, c.writeQueueNums());
        assertEquals(6, c.perm());
        assertEquals(Map.of("queue.type", "BatchCQ"), c.attributes());

        RemotingCommand all = broker.call(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG));
        TopicConfigSerializeWrapper w = Json.fromBytes(all.body(), TopicConfigSerializeWrapper.class);
        assertTrue(w.topicConfigTable().containsKey("Orders"));
        assertTrue(w.topicConfigTable().containsKey("SCHEDULE_TOPIC_XXXX"));
        assertEquals(18, w.topicConfigTable().get("SCHEDULE_TOPIC_XXXX").writeQueueNums());
        assertEquals(16, w.topicConfigTable().get("DefaultCluster").writeQueueNums());
        assertEquals(1, w.topicConfigTable().get("DefaultCluster_REPLY_TOPIC").writeQueueNums());

        assertEquals(0, broker.call(updateTopic("Orders", 4, 4, 6).put("attributes", "-queue.type")).code());
        TopicConfig changed = broker.core.context().topics().get("Orders");
        assertEquals(4, changed.readQueueNums());
        assertTrue(changed.attributes().isEmpty());

        assertEquals(0, broker.call(topicRequest(RequestCode.DELETE_TOPIC_IN_BROKER, "Orders")).code());
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, broker.call(topicRequest(RequestCode.GET_TOPIC_CONFIG, "Orders")).code());
    }

    @Test
    void badTopicRequestsAreRefusedWithAReason() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        RemotingCommand system = broker.call(updateTopic("SCHEDULE_TOPIC_XXXX", 1, 1, 6));
        assertEquals(ResponseCode.SYSTEM_ERROR, system.code());
        assertTrue(system.remark().contains("conflict with system topic"), system.remark());
        assertEquals(ResponseCode.SYSTEM_ERROR, broker.call(updateTopic("DefaultCluster", 1, 1, 6)).code());
        assertEquals(ResponseCode.SYSTEM_ERROR, broker.call(updateTopic("a b", 1, 1, 6)).code());
        assertEquals(ResponseCode.SYSTEM_ERROR, broker.call(updateTopic("T", 0, 1, 6)).code());
        assertEquals(ResponseCode.SYSTEM_ERROR, broker.call(updateTopic("T", 1, 1, 16)).code());
        RemotingCommand badAttr = broker.call(updateTopic("T", 1, 1, 6).put("attributes", "queue.type"));
        assertTrue(badAttr.remark().contains("is not +key=value or -key"), badAttr.remark());
        assertNull(broker.core.context().topics().get("T"));
        assertEquals(ResponseCode.SYSTEM_ERROR,
                broker.call(topicRequest(RequestCode.DELETE_TOPIC_IN_BROKER, "TBW102")).code());
        assertNotNull(broker.core.context().topics().get("TBW102"));
    }

    @Test
    void topicsSurviveARestart() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        assertEquals(0, broker.call(updateTopic("Kept", 2, 2, 6)).code());
        assertEquals(0, broker.call(sendV2("AutoKept", 0, "", "x")).code());
        long counter = broker.core.context().topics().dataVersion().counter();
        broker.close();
        broker = new BrokerHarness(dir, Map.of());
        assertEquals(2, broker.core.context().topics().get("Kept").writeQueueNums());
        assertNotNull(broker.core.context().topics().get("AutoKept"));
        assertTrue(broker.core.context().topics().dataVersion().counter() >= counter);
        String json = broker.store.configFiles().loadText("topics.json").orElseThrow();
        JsonNode root = Json.mapper().readTree(json);
        assertEquals(2, root.path("topicConfigTable").path("Kept").path("writeQueueNums").asInt());
        assertTrue(root.path("dataVersion").has("counter"));
    }

    @Test
    void topicStatsGiveEachQueuesOffsetsAndLastStoreTime() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        assertEquals(0, broker.call(updateTopic("Stats", 2, 2, 6)).code());
        for (int i = 0; i < 3; i++) {
            assertEquals(0, broker.call(sendV2("Stats", 1, "", "m" + i)).code());
        }
        broker.dispatched();
        RemotingCommand r = broker.call(topicRequest(RequestCode.GET_TOPIC_STATS_INFO, "Stats"));
        assertEquals(0, r.code());
        JsonNode table = Json.mapper().readTree(r.body()).path("offsetTable");
        assertEquals(2, table.size());
        JsonNode q1 = table.path("{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"Stats\"}");
        assertEquals(3, q1.path("maxOffset").asLong());
        assertEquals(0, q1.path("minOffset").asLong());
        assertTrue(q1.path("lastUpdateTimestamp").asLong() > 1_600_000_000_000L);
        JsonNode q0 = table.path("{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"Stats\"}");
        assertEquals(0, q0.path("maxOffset").asLong());
        assertEquals(0, q0.path("lastUpdateTimestamp").asLong());
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, broker.call(topicRequest(RequestCode.GET_TOPIC_STATS_INFO, "None")).code());
    }

    @Test
    void runtimeInfoCountsPutsAndNamesTheVersion() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        for (int i = 0; i < 5; i++) {
            assertEquals(0, broker.call(sendV2("Counted", 0, "", "x")).code());
        }
        RemotingCommand r = broker.call(RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO));
        Map<String, String> t = Json.fromBytes(r.body(), KVTable.class).table();
        assertEquals("5", t.get("msgPutTotalTodayNow"));
        assertEquals("V5_3_1", t.get("brokerVersionDesc"));
        assertEquals("475", t.get("brokerVersion"));
        assertEquals("true", t.get("brokerActive"));
        for (String key : List.of("putTps", "getTransferredTps", "getTransferedTps")) {
            assertEquals(3, t.get(key).split(" ").length, key + "=" + t.get(key));
            Double.parseDouble(t.get(key).split(" ")[0]);
        }
        for (String key : List.of("sendThreadPoolQueueSize", "pullThreadPoolQueueSize", "pageCacheLockTimeMills",
                "earliestMessageTimeStamp", "commitLogDiskRatio", "msgGetTotalTodayNow", "msgPutTotalTodayMorning")) {
            assertNotNull(t.get(key), key);
        }
        assertTrue(Long.parseLong(t.get("earliestMessageTimeStamp")) > 1_600_000_000_000L);
        assertTrue(Long.parseLong(t.get("commitLogMaxOffset")) > 0);
    }

    /** A configuration service that records updates and refuses one key. */
    static final class RecordingConfig implements ConfigService {
        final List<Map<String, String>> updates = new ArrayList<>();

        @Override
        public void update(Map<String, String> properties, String source) throws ConfigException {
            if (properties.containsKey("listenPort")) {
                throw new ConfigException("listenPort", properties.get("listenPort"), source, "an integer 0..65535");
            }
            updates.add(properties);
        }

        @Override
        public SortedMap<String, String> current() {
            return new TreeMap<>(Map.of("brokerName", "broker-a", "flushDiskType", "ASYNC_FLUSH"));
        }

        @Override
        public String pidOf(String key) {
            return "comet.broker";
        }

        @Override
        public String file() {
            return "broker.conf";
        }
    }

    @Test
    void brokerConfigGoesThroughTheConfigService() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        RemotingCommand update = RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body("autoCreateTopicEnable=false\n".getBytes(StandardCharsets.UTF_8));
        RemotingCommand without = broker.call(update);
        assertEquals(ResponseCode.SYSTEM_ERROR, without.code());
        assertEquals("configuration service not available", without.remark());

        RemotingCommand own = broker.call(RemotingCommand.request(RequestCode.GET_BROKER_CONFIG));
        Properties ownProps = new Properties();
        ownProps.load(new StringReader(new String(own.body(), StandardCharsets.UTF_8)));
        assertEquals("0", ownProps.getProperty("listenPort"));
        assertEquals("DefaultCluster", ownProps.getProperty("brokerClusterName"));
        assertEquals("1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h", ownProps.getProperty("messageDelayLevel"));
        DataVersion v = Json.fromString(own.field("version"), DataVersion.class);
        assertTrue(v.timestamp() > 0);

        RecordingConfig config = new RecordingConfig();
        broker.configService.set(config);
        assertEquals(0, broker.call(update).code());
        assertEquals(List.of(Map.of("autoCreateTopicEnable", "false")), config.updates);
        RemotingCommand refused = broker.call(RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body("listenPort=abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.code());
        assertTrue(refused.remark().contains("listenPort"), refused.remark());
        RemotingCommand got = broker.call(RemotingCommand.request(RequestCode.GET_BROKER_CONFIG));
        assertEquals("brokerName=broker-a\nflushDiskType=ASYNC_FLUSH\n", new String(got.body(), StandardCharsets.UTF_8));
    }

    @Test
    void messagesAreFoundByKeyAndByOffset() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        String p1 = MessageProperties.encode(Map.of("KEYS", "order-1 shared", "UNIQ_KEY", "AAAA0000000000000000000000000001"));
        String p2 = MessageProperties.encode(Map.of("KEYS", "order-2 shared"));
        assertEquals(0, broker.call(sendV2("Keyed", 0, p1, "one")).code());
        assertEquals(0, broker.call(sendV2("Keyed", 0, p2, "two")).code());
        broker.dispatched();
        long now = System.currentTimeMillis();
        RemotingCommand q = RemotingCommand.request(RequestCode.QUERY_MESSAGE).put("topic", "Keyed").put("key", "shared")
                .put("maxNum", 32).put("beginTimestamp", 0).put("endTimestamp", now + 60_000)
                .put("_UNIQUE_KEY_QUERY", false);
        RemotingCommand r = broker.call(q);
        assertEquals(0, r.code(), r.remark());
        assertNotNull(r.field("indexLastUpdateTimestamp"));
        assertNotNull(r.field("indexLastUpdatePhyoffset"));
        List<String> bodies = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(r.body());
        while (b.hasRemaining()) {
            StoredMessage m = MessageCodec.decode(b, b.position(), true);
            bodies.add(new String(m.body(), StandardCharsets.UTF_8));
            b.position(b.position() + m.totalSize());
        }
        assertEquals(2, bodies.size());
        assertTrue(bodies.containsAll(List.of("one", "two")));

        RemotingCommand byUniq = broker.call(q.put("key", "AAAA0000000000000000000000000001").put("_UNIQUE_KEY_QUERY", true));
        assertEquals(0, byUniq.code());
        StoredMessage uniq = MessageCodec.decode(ByteBuffer.wrap(byUniq.body()), 0, true);
        assertEquals("one", new String(uniq.body(), StandardCharsets.UTF_8));

        RemotingCommand none = broker.call(q.put("key", "missing").put("_UNIQUE_KEY_QUERY", false));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, none.code());
        RemotingCommand noOffset = broker.call(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                .put("offset", 1L << 40));
        assertEquals(ResponseCode.SYSTEM_ERROR, noOffset.code());
        assertTrue(noOffset.remark().startsWith("can not find message by the offset"));
    }

    @Test
    void aReadOnlyBrokerAnnouncesReadOnlyTopics() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        broker.nameServer.next(RequestCode.REGISTER_BROKER);
        broker.core.update(BrokerSettings.of(Map.of("brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1",
                "listenPort", 0, "namesrvAddr", broker.nameServer.address(), "brokerPermission", 4,
                "sendMessageThreadPoolNums", 2, "pullMessageThreadPoolNums", 2, "adminBrokerThreadPoolNums", 2,
                "heartbeatThreadPoolNums", 1)));
        RemotingCommand reg = broker.nameServer.next(RequestCode.REGISTER_BROKER);
        Map<String, TopicConfig> announced = RegisterBrokerBody.decode(reg.body(), false)
                .topicConfigSerializeWrapper().topicConfigTable();
        assertEquals(4, announced.get("TBW102").perm());
        assertEquals(4, announced.get("SELF_TEST_TOPIC").perm());
        assertEquals(7, broker.core.context().topics().get("TBW102").perm(), "the table itself keeps its perms");
        assertEquals(ResponseCode.NO_PERMISSION, broker.call(sendV2("T", 0, "", "x")).code());
    }

    @Test
    void aCleanStopUnregistersFromTheNameServer() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
        RemotingCommand reg = broker.nameServer.next(RequestCode.REGISTER_BROKER);
        assertEquals("127.0.0.1:" + (broker.core.context().server().port() + 1), reg.field("haServerAddr"));
        assertEquals("false", reg.field("compressed"));
        String address = broker.address();
        broker.core.close();
        RemotingCommand unreg = broker.nameServer.next(RequestCode.UNREGISTER_BROKER);
        assertEquals(address, unreg.field("brokerAddr"));
        assertEquals("broker-a", unreg.field("brokerName"));
        assertEquals("DefaultCluster", unreg.field("clusterName"));
        assertFalse(unreg.body() != null && unreg.body().length > 0);
    }
}
