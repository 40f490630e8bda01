package io.comet.broker.internal.consume.client;

import static io.comet.broker.internal.consume.ConsumeHarness.heartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.common.Json;
import io.comet.common.TopicConfig;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats, consumer lists, change notifications, client departure and connection views, over TCP. */
@Timeout(60)
class ClientNetworkTest {
    @TempDir
    Path dir;
    ConsumeHarness broker;
    RemotingClient second;
    final BlockingQueue<String> notified = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        broker = new ConsumeHarness(dir, Map.of("enablePropertyFilter", true));
        broker.createTopic("T", 4);
        broker.client.registerProcessor((ch, req) -> {
            notified.add(req.field("consumerGroup"));
            return null;
        }, RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
        second = Remoting.newClient(ClientSettings.defaults());
    }

    @AfterEach
    void stop() {
        second.close();
        broker.close();
    }

    private RemotingCommand consumerList(String group) throws Exception {
        return broker.call(RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).put("consumerGroup", group));
    }

    private static List<String> ids(RemotingCommand r) throws Exception {
        JsonNode n = Json.mapper().readTree(r.body());
        return Json.mapper().convertValue(n.get("consumerIdList"), List.class);
    }

    @Test
    void membersAreListedAndToldWhenTheGroupChanges() throws Exception {
        assertEquals(ResponseCode.SYSTEM_ERROR, consumerList("g").code(), "no consumer yet");
        RemotingCommand hb = broker.call(heartbeat("10.0.0.1@1", "g", "CLUSTERING", Map.of("T", "*"), "TAG"));
        assertEquals(ResponseCode.SUCCESS, hb.code());
        assertEquals(RemotingCommand.SERVER_VERSION, hb.version(), "the heartbeat answer carries the broker version");
        assertEquals(List.of("10.0.0.1@1"), ids(consumerList("g")));
        assertEquals("g", notified.poll(5, TimeUnit.SECONDS), "a new member makes the group rebalance");

        second.invokeSync(broker.address(), heartbeat("10.0.0.2@2", "g", "CLUSTERING", Map.of("T", "*"), "TAG"), 5000);
        assertEquals("g", notified.poll(5, TimeUnit.SECONDS), "the first member hears of the second");
        assertEquals(List.of("10.0.0.1@1", "10.0.0.2@2"), ids(consumerList("g")));

        broker.call(heartbeat("10.0.0.1@1", "g", "CLUSTERING", Map.of("T", "*"), "TAG"));
        assertNull(notified.poll(300, TimeUnit.MILLISECONDS), "a repeated heartbeat changes nothing");

        broker.call(heartbeat("10.0.0.1@1", "g", "CLUSTERING", Map.of("T", "TagX"), "TAG"));
        assertEquals("g", notified.poll(5, TimeUnit.SECONDS), "a changed subscription is announced");

        second.close();
        assertEquals("g", notified.poll(5, TimeUnit.SECONDS), "a closed channel leaves the group");
        assertEquals(List.of("10.0.0.1@1"), ids(consumerList("g")));

        RemotingCommand unregister = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .put("clientID", "10.0.0.1@1").put("consumerGroup", "g").put("producerGroup", "CLIENT_INNER_PRODUCER");
        assertEquals(ResponseCode.SUCCESS, broker.call(unregister).code());
        assertEquals(ResponseCode.SYSTEM_ERROR, consumerList("g").code());
    }

    @Test
    void heartbeatCreatesTheGroupAndItsRetryTopic() throws Exception {
        broker.call(heartbeat("c@1", "newGroup", "CLUSTERING", Map.of("T", "*"), "TAG"));
        TopicConfig retry = broker.core.context().topics().get("%RETRY%newGroup");
        assertNotNull(retry, "the retry topic exists");
        assertEquals(1, retry.readQueueNums());
        assertEquals(1, retry.writeQueueNums());
        assertEquals(6, retry.perm());
        assertNotNull(broker.side().subscriptionGroups().get("newGroup"));
        assertTrue(Files.readString(broker.store.configFiles().directory().resolve("subscriptionGroup.json"))
                .contains("\"newGroup\""), "the group is saved");
    }

    @Test
    void silentClientsExpireAfter120Seconds() throws Exception {
        long t0 = System.currentTimeMillis();
        broker.freezeClock(t0);
        broker.call(heartbeat("c@1", "g", "CLUSTERING", Map.of("T", "*"), "TAG"));
        assertEquals("g", notified.poll(5, TimeUnit.SECONDS));
        second.invokeSync(broker.address(), heartbeat("c@2", "g", "CLUSTERING", Map.of("T", "*"), "TAG"), 5000);
        assertEquals("g", notified.poll(5, TimeUnit.SECONDS));
        broker.freezeClock(t0 + 60_000);
        broker.call(heartbeat("c@1", "g", "CLUSTERING", Map.of("T", "*"), "TAG"));
        assertNull(notified.poll(200, TimeUnit.MILLISECONDS), "a refresh is no change");
        broker.side().consumers().scanExpired(t0 + 120_000);
        assertEquals(List.of("c@1", "c@2"), ids(consumerList("g")), "120 s exactly is not yet expired");
        broker.side().consumers().scanExpired(t0 + 120_001);
        assertEquals(List.of("c@1"), ids(consumerList("g")));
        assertEquals("g", notified.poll(5, TimeUnit.SECONDS), "the remaining member is told");
    }

    @Test
    void connectionListsDescribeConsumersAndProducers() throws Exception {
        broker.call(heartbeat("c@1", "g", "BROADCASTING", Map.of("T", "A || B"), "TAG"));
        RemotingCommand r = broker.call(RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .put("consumerGroup", "g"));
        assertEquals(ResponseCode.SUCCESS, r.code());
        JsonNode n = Json.mapper().readTree(r.body());
        assertEquals("c@1", n.at("/connectionSet/0/clientId").asText());
        assertEquals("JAVA", n.at("/connectionSet/0/language").asText());
        assertEquals(RemotingCommand.SERVER_VERSION, n.at("/connectionSet/0/version").asInt());
        assertTrue(n.at("/connectionSet/0/clientAddr").asText().startsWith("127.0.0.1:"));
        assertEquals("BROADCASTING", n.get("messageModel").asText());
        assertEquals("A || B", n.at("/subscriptionTable/T/subString").asText());
        assertEquals(ResponseCode.CONSUMER_NOT_ONLINE, broker.call(RemotingCommand.request(
                RequestCode.GET_CONSUMER_CONNECTION_LIST).put("consumerGroup", "nobody")).code());

        RemotingCommand p = broker.call(RemotingCommand.request(RequestCode.GET_PRODUCER_CONNECTION_LIST)
                .put("producerGroup", "CLIENT_INNER_PRODUCER"));
        assertEquals(ResponseCode.SUCCESS, p.code());
        assertEquals("c@1", Json.mapper().readTree(p.body()).at("/connectionSet/0/clientId").asText());
    }

    @Test
    void checkClientConfigValidatesSql() throws Exception {
        RemotingCommand ok = broker.call(checkConfig("a > 1 AND b IN ('x')", "SQL92"));
        assertEquals(ResponseCode.SUCCESS, ok.code(), ok.remark());
        RemotingCommand bad = broker.call(checkConfig("a >", "SQL92"));
        assertEquals(ResponseCode.SYSTEM_ERROR, bad.code());
        assertTrue(bad.remark().contains("SQL92"), bad.remark());
        assertEquals(ResponseCode.SUCCESS, broker.call(checkConfig("A || B", "TAG")).code());
    }

    private static RemotingCommand checkConfig(String expr, String type) {
        String body = "{\"clientId\":\"c@1\",\"group\":\"g\",\"subscriptionData\":{\"topic\":\"T\",\"subString\":"
                + Json.toString(expr) + ",\"expressionType\":\"" + type + "\",\"subVersion\":1}}";
        return RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG).put("consumerGroup", "g").put("clientId", "c@1")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
