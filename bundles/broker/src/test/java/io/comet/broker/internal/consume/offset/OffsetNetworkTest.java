package io.comet.broker.internal.consume.offset;

import static io.comet.broker.internal.consume.ConsumeHarness.heartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.common.Json;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.PutResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Offset, statistics, subscription-group and lock requests over TCP, and what survives a broker restart. */
@Timeout(60)
class OffsetNetworkTest {
    @TempDir
    Path dir;
    ConsumeHarness broker;

    @BeforeEach
    void start() throws Exception {
        broker = new ConsumeHarness(dir, Map.of());
        broker.createTopic("T", 2);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private RemotingCommand query(String group, String topic, int queueId) throws Exception {
        return broker.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET).put("consumerGroup", group)
                .put("topic", topic).put("queueId", queueId));
    }

    private static RemotingCommand update(String group, String topic, int queueId, long offset) {
        return RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).put("consumerGroup", group)
                .put("topic", topic).put("queueId", queueId).put("commitOffset", offset);
    }

    private static RemotingCommand queueRequest(int code, String topic, int queueId) {
        return RemotingCommand.request(code).put("topic", topic).put("queueId", queueId);
    }

    @Test
    void mapReadsAndCommitsOfKnownGroupsRunOnTheEventLoop() throws Exception {
        OffsetProcessor p = new OffsetProcessor(broker.core.context(), broker.side().offsets(),
                broker.side().subscriptionGroups());
        assertTrue(p.runsOnEventLoop(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .put("consumerGroup", "g").put("topic", "T").put("queueId", 0)));
        assertTrue(p.runsOnEventLoop(queueRequest(RequestCode.GET_MAX_OFFSET, "T", 0)));
        assertFalse(p.runsOnEventLoop(update("g", "T", 0, 3)), "may auto-create the group (a file write)");
        assertFalse(p.runsOnEventLoop(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0)),
                "a time search reads the commit log");
        assertEquals(ResponseCode.SUCCESS, broker.call(update("g", "T", 0, 3)).code());
        assertTrue(p.runsOnEventLoop(update("g", "T", 0, 4)), "the group exists now");
        assertEquals(ResponseCode.SUCCESS, broker.call(update("g", "T", 0, 4)).code());
        assertEquals("4", query("g", "T", 0).field("offset"), "a commit served on the event loop is stored");
    }

    @Test
    void committedOffsetsAreAnsweredAndSurviveARestart() throws Exception {
        RemotingCommand none = query("g", "T", 0);
        assertEquals(ResponseCode.SUCCESS, none.code(), "no commit, queue still starts at 0: offset 0");
        assertEquals("0", none.field("offset"));
        RemotingCommand strict = broker.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .put("consumerGroup", "g").put("topic", "T").put("queueId", 0).put("setZeroIfNotFound", false));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, strict.code());

        assertEquals(ResponseCode.SUCCESS, broker.call(update("g", "T", 0, 42)).code());
        broker.client.invokeOneway(broker.address(), update("g", "T", 1, 43).markOneway(), 3000);
        long deadline = System.currentTimeMillis() + 5000;
        while (!"43".equals(query("g", "T", 1).field("offset")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("42", query("g", "T", 0).field("offset"));
        assertEquals("43", query("g", "T", 1).field("offset"), "a oneway update is stored too");
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, broker.call(update("g", "Nope", 0, 1)).code());
        assertEquals(ResponseCode.SYSTEM_ERROR, broker.call(update("g", "T", 7, 1)).code());

        RemotingCommand all = broker.call(RemotingCommand.request(RequestCode.GET_ALL_CONSUMER_OFFSET));
        assertEquals(42, Json.mapper().readTree(all.body()).at("/offsetTable/T@g/0").asLong());

        broker.close();
        broker = new ConsumeHarness(dir, Map.of());
        assertEquals("42", query("g", "T", 0).field("offset"), "saved at shutdown, loaded at start");
        assertEquals("43", query("g", "T", 1).field("offset"));
    }

    @Test
    void queueBoundsAndTimestampSearch() throws Exception {
        long before = System.currentTimeMillis();
        PutResult first = broker.put("T", 0, "m0", (String) null);
        Thread.sleep(20);
        PutResult second = broker.put("T", 0, "m1", (String) null);
        Thread.sleep(20);
        broker.put("T", 0, "m2", (String) null);
        assertEquals("3", broker.call(queueRequest(RequestCode.GET_MAX_OFFSET, "T", 0)).field("offset"));
        assertEquals("0", broker.call(queueRequest(RequestCode.GET_MIN_OFFSET, "T", 0)).field("offset"));
        assertEquals("0", broker.call(queueRequest(RequestCode.GET_MAX_OFFSET, "T", 1)).field("offset"));
        assertEquals(String.valueOf(first.storeTimestamp()),
                broker.call(queueRequest(RequestCode.GET_EARLIEST_MSG_STORETIME, "T", 0)).field("timestamp"));
        RemotingCommand lower = broker.call(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0)
                .put("timestamp", second.storeTimestamp()));
        assertEquals("1", lower.field("offset"), "first message stored at or after the time");
        RemotingCommand upper = broker.call(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0)
                .put("timestamp", second.storeTimestamp()).put("boundaryType", "upper"));
        assertEquals("1", upper.field("offset"), "last message stored at or before the time");
        RemotingCommand early = broker.call(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0)
                .put("timestamp", before - 60_000));
        assertEquals("0", early.field("offset"));
    }

    @Test
    void consumeStatsAndWhoConsumes() throws Exception {
        for (int i = 0; i < 5; i++) {
            broker.put("T", 0, "m" + i, (String) null);
        }
        broker.call(heartbeat("c@1", "g", "CLUSTERING", Map.of("T", "*", "%RETRY%g", "*"), "TAG"));
        broker.call(update("g", "T", 0, 3));
        broker.call(update("g", "T", 1, 0));
        RemotingCommand r = broker.call(RemotingCommand.request(RequestCode.GET_CONSUME_STATS)
                .put("consumerGroup", "g").put("topic", "T"));
        assertEquals(ResponseCode.SUCCESS, r.code());
        JsonNode table = Json.mapper().readTree(r.body()).get("offsetTable");
        JsonNode q0 = table.get("{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}");
        assertEquals(5, q0.get("brokerOffset").asLong());
        assertEquals(3, q0.get("consumerOffset").asLong());
        assertTrue(q0.get("lastTimestamp").asLong() > 0, "store time of the last consumed message");
        JsonNode q1 = table.get("{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}");
        assertEquals(0, q1.get("brokerOffset").asLong());
        assertEquals(2, table.size());
        RemotingCommand all = broker.call(RemotingCommand.request(RequestCode.GET_CONSUME_STATS)
                .put("consumerGroup", "g"));
        assertEquals(2, Json.mapper().readTree(all.body()).get("offsetTable").size(), "topics with offsets");

        RemotingCommand who = broker.call(RemotingCommand.request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO)
                .put("topic", "T"));
        assertEquals("[\"g\"]", Json.mapper().readTree(who.body()).get("groupList").toString());
    }

    @Test
    void subscriptionGroupAdmin() throws Exception {
        String body = "{\"groupName\":\"adminGroup\",\"retryMaxTimes\":3,\"consumeBroadcastEnable\":false}";
        assertEquals(ResponseCode.SUCCESS, broker.call(RemotingCommand.request(
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP).body(body.getBytes(StandardCharsets.UTF_8))).code());
        RemotingCommand one = broker.call(RemotingCommand.request(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)
                .put("group", "adminGroup"));
        assertEquals(3, Json.mapper().readTree(one.body()).get("retryMaxTimes").asInt());
        RemotingCommand all = broker.call(RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
        assertTrue(Json.mapper().readTree(all.body()).at("/subscriptionGroupTable/adminGroup").isObject());
        assertEquals(ResponseCode.SUCCESS, broker.call(RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP)
                .put("groupName", "adminGroup")).code());
        assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, broker.call(RemotingCommand.request(
                RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG).put("group", "adminGroup")).code());
        RemotingCommand badBody = broker.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body("{\"retryMaxTimes\":3}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SYSTEM_ERROR, badBody.code());
        assertTrue(badBody.remark().contains("groupName"), badBody.remark());
    }

    @Test
    void lockBatchGivesEachQueueToOneClient() throws Exception {
        String mq0 = "{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}";
        String mq1 = "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}";
        RemotingCommand lock1 = broker.call(lock(RequestCode.LOCK_BATCH_MQ, "c1", mq0 + "," + mq1));
        assertEquals(2, Json.mapper().readTree(lock1.body()).get("lockOKMQSet").size());
        RemotingCommand lock2 = broker.call(lock(RequestCode.LOCK_BATCH_MQ, "c2", mq0));
        assertEquals(0, Json.mapper().readTree(lock2.body()).get("lockOKMQSet").size(), "held by c1");
        assertEquals(ResponseCode.SUCCESS, broker.call(lock(RequestCode.UNLOCK_BATCH_MQ, "c1", mq0)).code());
        RemotingCommand lock3 = broker.call(lock(RequestCode.LOCK_BATCH_MQ, "c2", mq0 + "," + mq1));
        JsonNode ok = Json.mapper().readTree(lock3.body()).get("lockOKMQSet");
        assertEquals(1, ok.size());
        assertEquals(0, ok.get(0).get("queueId").asInt());
        RemotingCommand noBody = broker.call(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ));
        assertEquals(ResponseCode.SYSTEM_ERROR, noBody.code());
        assertTrue(noBody.remark().contains("body"), noBody.remark());
    }

    private static RemotingCommand lock(int code, String client, String mqs) {
        String body = "{\"clientId\":\"" + client + "\",\"consumerGroup\":\"og\",\"mqSet\":[" + mqs
                + "],\"onlyThisBroker\":false}";
        return RemotingCommand.request(code).body(body.getBytes(StandardCharsets.UTF_8));
    }
}
