package io.comet.broker.internal.consume.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.comet.broker.internal.consume.client.ClientChannelInfo;
import io.comet.broker.internal.consume.client.ConsumerManager;
import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pull with a newer subscription version than the broker holds makes the broker ask that client for its
 * subscriptions (GET_CONSUMER_RUNNING_INFO) and take the newer versions, so the client's next pull is served instead
 * of being refused until its next heartbeat.
 */
@Timeout(30)
class SubscriptionRefresherTest {
    /** The shape rocketmq-client 5.3.1 answers with: fastjson, the queue table keyed by objects (not JSON). */
    static String runningInfo(String topic, long version, String expression) {
        return "{\"jstack\":\"thread \\\"subscriptionSet\\\" [\",\"mqPopTable\":{},\"mqTable\":{{\"brokerName\":\"b\","
                + "\"queueId\":0,\"topic\":\"" + topic + "\"}:{\"cachedMsgCount\":0,\"commitOffset\":12,"
                + "\"locked\":false}},\"properties\":{\"consumeType\":\"CONSUME_PASSIVELY\",\"PROP_CLIENT_VERSION\":"
                + "\"V5_3_1\"},\"statusTable\":{\"" + topic + "\":{\"pullRT\":0.5}},\"subscriptionSet\":["
                + "{\"classFilterMode\":false,\"codeSet\":[" + codes(expression) + "],\"expressionType\":\"TAG\","
                + "\"subString\":\"" + expression + "\",\"subVersion\":" + version + ",\"tagsSet\":["
                + tags(expression) + "],\"topic\":\"" + topic + "\"},"
                + "{\"classFilterMode\":false,\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\","
                + "\"subVersion\":" + version + ",\"tagsSet\":[],\"topic\":\"%RETRY%g\"}],\"userConsumerInfo\":{}}";
    }

    private static List<String> tagList(String expression) {
        return "*".equals(expression) ? List.of() : List.of(expression.split("\\s*\\|\\|\\s*"));
    }

    private static String tags(String expression) {
        return String.join(",", tagList(expression).stream().map(t -> "\"" + t + "\"").toList());
    }

    private static String codes(String expression) {
        return String.join(",", tagList(expression).stream().map(t -> String.valueOf(t.hashCode())).toList());
    }

    /** Group "g" with one member, {@code clientId} on {@code channel}, subscribed to "T" with tag "a" at version 100. */
    private static ConsumerManager memberOnTopicT(RemotingChannel channel, String clientId) throws Exception {
        ConsumerManager consumers = new ConsumerManager((group, channels) -> { }, group -> false);
        consumers.register("g", new ClientChannelInfo(channel, clientId, LanguageCode.JAVA, 475, 0),
                "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_FIRST_OFFSET",
                List.of(SubscriptionData.build("T", "a", "TAG", 100)));
        return consumers;
    }

    @Test
    void theSubscriptionSetIsCutOutOfFastjsonOutput() {
        List<SubscriptionData> subs = SubscriptionRefresher.subscriptionSet(
                runningInfo("T", 1795347566857L, "*").getBytes(StandardCharsets.UTF_8));
        assertEquals(2, subs.size());
        assertEquals("T", subs.get(0).topic());
        assertEquals(1795347566857L, subs.get(0).subVersion());
        assertEquals("%RETRY%g", subs.get(1).topic());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> SubscriptionRefresher.subscriptionSet("{\"mqTable\":{}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("no \"subscriptionSet\" array in the consumer running info", none.getMessage());
    }

    @Test
    void aStalePullBringsTheHeldVersionUpToWhatTheClientReportsOncePerSecond() throws Exception {
        List<RemotingCommand> asked = new CopyOnWriteArrayList<>();
        RemotingChannel channel = new FakeChannel(asked, runningInfo("T", 200, "a || b"));
        ConsumerManager consumers = memberOnTopicT(channel, "10.0.0.1@c1");
        SubscriptionRefresher refresher = new SubscriptionRefresher(consumers);

        refresher.stalePull(channel, "g");
        refresher.stalePull(channel, "g");

        assertEquals(1, asked.size(), "asked once however many stale pulls come within a second");
        RemotingCommand ask = asked.get(0);
        assertEquals(RequestCode.GET_CONSUMER_RUNNING_INFO, ask.code());
        assertEquals("g", ask.field("consumerGroup"));
        assertEquals("10.0.0.1@c1", ask.field("clientId"));
        assertEquals("false", ask.field("jstackEnable"));
        SubscriptionData now = consumers.subscription("g", "T");
        assertEquals(200, now.subVersion(), "the version the client reported");
        assertEquals(Set.of("a", "b"), now.tagsSet(), "and its expression: the broker filters with it from now on");
        assertEquals(null, consumers.subscription("g", "%RETRY%g"), "topics the group does not hold stay out");
    }

    @Test
    void anOlderReportedVersionChangesNothing() throws Exception {
        List<RemotingCommand> asked = new CopyOnWriteArrayList<>();
        RemotingChannel channel = new FakeChannel(asked, runningInfo("T", 50, "*"));
        ConsumerManager consumers = memberOnTopicT(channel, "c1");
        new SubscriptionRefresher(consumers).stalePull(channel, "g");
        assertEquals(1, asked.size());
        assertEquals(100, consumers.subscription("g", "T").subVersion());
        assertEquals(Set.of("a"), consumers.subscription("g", "T").tagsSet());
    }

    /** Answers every request at once with SUCCESS and {@code body}, recording what was asked (identity, as a
     *  connection). */
    private static final class FakeChannel implements RemotingChannel {
        private final List<RemotingCommand> asked;
        private final String body;

        FakeChannel(List<RemotingCommand> asked, String body) {
            this.asked = asked;
            this.body = body;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public String localAddress() {
            return "127.0.0.1:2";
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
            asked.add(request);
            return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)
                    .body(body.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void invokeOneway(RemotingCommand request) {
        }

        @Override
        public void send(RemotingCommand command) {
        }

        @Override
        public void close() {
        }
    }
}
