package io.comet.broker.internal.consume.reset;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.consume.MessageQueue;
import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.client.ConsumerGroupInfo;
import io.comet.broker.internal.consume.client.ConsumerManager;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.common.Json;
import io.comet.common.TopicConfig;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222): resets a group's offsets of a topic by time.
 *
 * <p>Request header: {@code topic}, {@code group}, {@code timestamp} (ms; -1 = the queues' ends), {@code isForce}
 * (default false), and from 5.x clients optionally {@code queueId} (one queue; absent or -1 = every read queue) and
 * {@code offset} (that queue's exact new offset, which must lie within the queue). The new offsets follow
 * {@link OffsetResetPlanner}'s rule and are stored as the group's committed offsets at once, so
 * QUERY_CONSUMER_OFFSET answers them even when no consumer is online (RocketMQ 5's server-side reset).
 *
 * <p>Answer: SUCCESS with the {@code ResetOffsetBody} JSON {@code {"offsetTable":{"{\"brokerName\":\"b\",
 * \"queueId\":0,\"topic\":\"T\"}":5,...}}} (queue keys in the string form). Each online consumer of the group is sent
 * RESET_CONSUMER_CLIENT_OFFSET (220, oneway) with header {@code topic}, {@code group}, {@code timestamp},
 * {@code isForce} and the same body, so running push consumers drop what they hold and continue from the new
 * offsets. An unknown topic answers 17 TOPIC_NOT_EXIST; a group the broker knows nothing about (no configuration,
 * no offsets of the topic, not online) 26 SUBSCRIPTION_GROUP_NOT_EXIST; a bad queue id or offset 1 SYSTEM_ERROR.
 */
public final class ResetOffsetProcessor implements RequestProcessor {
    /** INVOKE_BROKER_TO_RESET_OFFSET, from the admin tool. */
    public static final int INVOKE_BROKER_TO_RESET_OFFSET = 222;
    /** RESET_CONSUMER_CLIENT_OFFSET, broker to consumer. */
    public static final int RESET_CONSUMER_CLIENT_OFFSET = 220;

    private static final Logger LOG = LoggerFactory.getLogger(ResetOffsetProcessor.class);

    private final BrokerContext ctx;
    private final ConsumerOffsetTable offsets;
    private final ConsumerManager consumers;
    private final SubscriptionGroupTable groups;
    private final OffsetResetPlanner planner;

    /** The body of the answer and of the notice: new offset per queue, keyed by the queue's JSON text. */
    record ResetOffsetBody(Map<String, Long> offsetTable) {}

    public ResetOffsetProcessor(BrokerContext ctx, ConsumerOffsetTable offsets, ConsumerManager consumers,
                                SubscriptionGroupTable groups) {
        this.ctx = ctx;
        this.offsets = offsets;
        this.consumers = consumers;
        this.groups = groups;
        this.planner = new OffsetResetPlanner(ctx.store(), offsets);
    }

    public static int[] codes() {
        return new int[] {INVOKE_BROKER_TO_RESET_OFFSET};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        String topic = request.requireField("topic");
        String group = request.requireField("group");
        long timestamp = request.requireLong("timestamp");
        boolean force = request.boolField("isForce", false);
        int queueId = request.intField("queueId", -1);
        long exact = request.longField("offset", -1);

        TopicConfig tc = ctx.topics().get(topic);
        if (tc == null) {
            return Responses.done(Responses.error(ResponseCode.TOPIC_NOT_EXIST,
                    "[reset-offset] reset offset failed, no topic in this broker. topic=" + topic));
        }
        if (groups.get(group) == null && consumers.group(group) == null && !offsets.topicsOf(group).contains(topic)) {
            return Responses.done(Responses.error(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "Group " + group + " does not exist (no configuration, no offsets of " + topic + ", not online)"));
        }
        Map<Integer, Long> planned;
        if (queueId < 0) {
            planned = planner.plan(group, topic, tc.readQueueNums(), timestamp, force);
        } else {
            if (queueId >= tc.readQueueNums()) {
                return Responses.done(Responses.error(ResponseCode.SYSTEM_ERROR, "queueId " + queueId
                        + " is outside topic " + topic + " (read queues 0.." + (tc.readQueueNums() - 1) + ")"));
            }
            long offset;
            if (exact >= 0) {
                String wrong = planner.checkOffset(topic, queueId, exact);
                if (wrong != null) {
                    return Responses.done(Responses.error(ResponseCode.SYSTEM_ERROR, wrong));
                }
                offset = exact;
            } else {
                offset = planner.planQueue(group, topic, queueId, timestamp, force);
            }
            planned = Map.of(queueId, offset);
        }
        planner.apply(group, topic, planned);
        ResetOffsetBody body = body(topic, planned);
        int told = notifyConsumers(topic, group, timestamp, force, body);
        LOG.info("reset offsets of group {} on topic {} to timestamp {} (force {}): {}; {} consumer(s) told",
                group, topic, timestamp, force, planned, told);
        return Responses.done(Responses.json(body));
    }

    private ResetOffsetBody body(String topic, Map<Integer, Long> planned) {
        String brokerName = ctx.settings().brokerName();
        Map<String, Long> table = new LinkedHashMap<>();
        planned.forEach((q, offset) -> table.put(new MessageQueue(brokerName, q, topic).jsonKey(), offset));
        return new ResetOffsetBody(table);
    }

    /** Sends the 220 notice to each active channel of the group; returns how many were sent. */
    private int notifyConsumers(String topic, String group, long timestamp, boolean force, ResetOffsetBody body) {
        ConsumerGroupInfo live = consumers.group(group);
        if (live == null) {
            return 0;
        }
        byte[] bytes = Json.toBytes(body);
        int sent = 0;
        for (RemotingChannel ch : live.channels()) {
            if (!ch.isActive()) {
                continue;
            }
            try {
                ch.invokeOneway(RemotingCommand.request(RESET_CONSUMER_CLIENT_OFFSET).put("topic", topic)
                        .put("group", group).put("timestamp", timestamp).put("isForce", force).body(bytes));
                sent++;
            } catch (RuntimeException e) {
                LOG.warn("telling consumer {} of group {} about the offset reset failed", ch.remoteAddress(), group, e);
            }
        }
        return sent;
    }
}
