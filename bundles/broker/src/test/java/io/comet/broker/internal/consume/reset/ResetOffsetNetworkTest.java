package io.comet.broker.internal.consume.reset;

import static io.comet.broker.internal.consume.ConsumeHarness.heartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.common.Json;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.PutResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** INVOKE_BROKER_TO_RESET_OFFSET over TCP: new committed offsets, the answer's table and the consumers' notice. */
@Timeout(60)
class ResetOffsetNetworkTest {
    static final String Q0 = "{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}";
    static final String Q1 = "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}";

    @TempDir
    Path dir;
    ConsumeHarness broker;
    final BlockingQueue<RemotingCommand> notices = new LinkedBlockingQueue<>();
    /** Store time of the first message of the second batch: queue 0 holds 3 older messages, queue 1 one. */
    long middle;

    @BeforeEach
    void start() throws Exception {
        broker = new ConsumeHarness(dir, Map.of());
        broker.createTopic("T", 2);
        broker.client.registerProcessor((ch, req) -> {
            notices.add(req);
            return null;
        }, ResetOffsetProcessor.RESET_CONSUMER_CLIENT_OFFSET);
        PutResult last = null;
        for (int i = 0; i < 3; i++) {
            last = broker.put("T", 0, "old" + i, (String) null);
        }
        broker.put("T", 1, "old-q1", (String) null);
        long oldTime = last.storeTimestamp();
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() <= oldTime + 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
        PutResult first = broker.put("T", 0, "new0", (String) null);
        assertTrue(first.storeTimestamp() > oldTime, "the second batch is stored later");
        middle = first.storeTimestamp();
        broker.put("T", 0, "new1", (String) null);
        broker.put("T", 1, "new-q1", (String) null);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private RemotingCommand reset(String group, String topic, long timestamp, boolean force) throws Exception {
        return broker.call(RemotingCommand.request(ResetOffsetProcessor.INVOKE_BROKER_TO_RESET_OFFSET)
                .put("topic", topic).put("group", group).put("timestamp", timestamp).put("isForce", force));
    }

    private long committed(String group, int queueId) throws Exception {
        RemotingCommand r = broker.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .put("consumerGroup", group).put("topic", "T").put("queueId", queueId));
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
        return Long.parseLong(r.field("offset"));
    }

    private void commit(String group, int queueId, long offset) throws Exception {
        assertEquals(ResponseCode.SUCCESS, broker.call(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .put("consumerGroup", group).put("topic", "T").put("queueId", queueId)
                .put("commitOffset", offset)).code());
    }

    private static JsonNode table(RemotingCommand r) throws Exception {
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
        return Json.mapper().readTree(r.body()).get("offsetTable");
    }

    @Test
    void rewindsToTheMiddleTimeAndTellsTheOnlineConsumer() throws Exception {
        assertEquals(5, queueEnd(0));
        commit("g", 0, 5);
        commit("g", 1, 2);
        broker.call(heartbeat("c@1", "g", "CLUSTERING", Map.of("T", "*"), "TAG"));

        JsonNode table = table(reset("g", "T", middle, false));
        assertEquals(2, table.size());
        assertEquals(3, table.get(Q0).asLong(), "first message at or after the time in queue 0");
        assertEquals(1, table.get(Q1).asLong());
        assertEquals(3, committed("g", 0), "QUERY_CONSUMER_OFFSET answers the reset offset");
        assertEquals(1, committed("g", 1));

        RemotingCommand notice = notices.poll(5, TimeUnit.SECONDS);
        assertNotNull(notice, "the online consumer is told (220)");
        assertEquals("T", notice.field("topic"));
        assertEquals("g", notice.field("group"));
        assertEquals(String.valueOf(middle), notice.field("timestamp"));
        assertEquals("false", notice.field("isForce"));
        JsonNode told = Json.mapper().readTree(notice.body()).get("offsetTable");
        assertEquals(3, told.get(Q0).asLong());
        assertEquals(1, told.get(Q1).asLong());
    }

    @Test
    void withoutForceAResetNeverMovesAGroupForward() throws Exception {
        commit("g", 0, 1);
        commit("g", 1, 0);
        JsonNode kept = table(reset("g", "T", middle, false));
        assertEquals(1, kept.get(Q0).asLong(), "committed 1 is below the time's offset 3: kept");
        assertEquals(0, kept.get(Q1).asLong());
        assertEquals(1, committed("g", 0));

        JsonNode forced = table(reset("g", "T", middle, true));
        assertEquals(3, forced.get(Q0).asLong(), "force moves it forward");
        assertEquals(1, forced.get(Q1).asLong());
        assertEquals(3, committed("g", 0));
        assertEquals(1, committed("g", 1));
        assertNull(notices.poll(200, TimeUnit.MILLISECONDS), "no consumer online, nobody told");

        JsonNode latest = table(reset("g", "T", -1, true));
        assertEquals(5, latest.get(Q0).asLong(), "timestamp -1 means the queue's end");
        assertEquals(2, latest.get(Q1).asLong());
        JsonNode early = table(reset("g", "T", middle - 3_600_000, true));
        assertEquals(0, early.get(Q0).asLong(), "a time before everything means the queue's start");
        assertEquals(0, committed("g", 1));
    }

    @Test
    void oneQueueByExactOffsetAndBadInput() throws Exception {
        commit("g", 0, 5);
        commit("g", 1, 2);
        RemotingCommand one = broker.call(RemotingCommand.request(ResetOffsetProcessor.INVOKE_BROKER_TO_RESET_OFFSET)
                .put("topic", "T").put("group", "g").put("timestamp", 0).put("isForce", true).put("queueId", 1)
                .put("offset", 1));
        JsonNode t = table(one);
        assertEquals(1, t.size(), "only the named queue");
        assertEquals(1, t.get(Q1).asLong());
        assertEquals(1, committed("g", 1));
        assertEquals(5, committed("g", 0), "other queues untouched");

        RemotingCommand outside = broker.call(RemotingCommand.request(
                ResetOffsetProcessor.INVOKE_BROKER_TO_RESET_OFFSET).put("topic", "T").put("group", "g")
                .put("timestamp", 0).put("isForce", true).put("queueId", 1).put("offset", 9));
        assertEquals(ResponseCode.SYSTEM_ERROR, outside.code());
        assertTrue(outside.remark().contains("[0-2]"), outside.remark());
        RemotingCommand badQueue = broker.call(RemotingCommand.request(
                ResetOffsetProcessor.INVOKE_BROKER_TO_RESET_OFFSET).put("topic", "T").put("group", "g")
                .put("timestamp", 0).put("queueId", 7));
        assertEquals(ResponseCode.SYSTEM_ERROR, badQueue.code());
        assertTrue(badQueue.remark().contains("queueId 7"), badQueue.remark());

        RemotingCommand noTopic = reset("g", "Nope", middle, true);
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, noTopic.code());
        assertTrue(noTopic.remark().contains("Nope"), noTopic.remark());
        RemotingCommand noGroup = reset("stranger", "T", middle, true);
        assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, noGroup.code());
        assertTrue(noGroup.remark().contains("stranger"), noGroup.remark());
        RemotingCommand noTime = broker.call(RemotingCommand.request(
                ResetOffsetProcessor.INVOKE_BROKER_TO_RESET_OFFSET).put("topic", "T").put("group", "g"));
        assertEquals(ResponseCode.SYSTEM_ERROR, noTime.code());
        assertTrue(noTime.remark().contains("timestamp"), noTime.remark());
    }

    private long queueEnd(int queueId) throws Exception {
        RemotingCommand r = broker.call(RemotingCommand.request(RequestCode.GET_MAX_OFFSET).put("topic", "T")
                .put("queueId", queueId));
        return Long.parseLong(r.field("offset"));
    }
}
