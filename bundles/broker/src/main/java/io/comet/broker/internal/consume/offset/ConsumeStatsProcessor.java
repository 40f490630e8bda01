package io.comet.broker.internal.consume.offset;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.consume.MessageQueue;
import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.client.ConsumerGroupInfo;
import io.comet.broker.internal.consume.client.ConsumerManager;
import io.comet.common.TopicConfig;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * GET_CONSUME_STATS (208) and QUERY_TOPIC_CONSUME_BY_WHO (300).
 *
 * <p>Consume statistics, per queue {@code 0..readQueueNums-1} of each topic (the header's, or every topic the
 * group has committed offsets for): brokerOffset = the queue's max offset, consumerOffset = the committed offset
 * (0 when none), pullOffset = the larger of that and where the group's last pull ended, lastTimestamp = store time
 * of message {@code consumerOffset - 1} (0 when none). Topics the live group does not subscribe to are left out
 * when it subscribes to any. Body: {@code {"consumeTps":1.5,"offsetTable":{"{\"brokerName\":\"b\",\"queueId\":0,
 * \"topic\":\"T\"}":{"brokerOffset":10,"consumerOffset":7,"lastTimestamp":ms,"pullOffset":7}}}} (queue keys in the
 * string form). Consume-by-who: {@code {"groupList":["g",...]}}, groups that subscribe or hold offsets.
 */
public final class ConsumeStatsProcessor implements RequestProcessor {
    private final BrokerContext ctx;
    private final ConsumerOffsetTable offsets;
    private final ConsumerManager consumers;
    private final ConsumeTpsMeter meter;

    record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {}

    record ConsumeStats(Map<String, OffsetWrapper> offsetTable, double consumeTps) {}

    record GroupList(Set<String> groupList) {}

    public ConsumeStatsProcessor(BrokerContext ctx, ConsumerOffsetTable offsets, ConsumerManager consumers,
                                 ConsumeTpsMeter meter) {
        this.ctx = ctx;
        this.offsets = offsets;
        this.consumers = consumers;
        this.meter = meter;
    }

    public static int[] codes() {
        return new int[] {RequestCode.GET_CONSUME_STATS, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        if (request.code() == RequestCode.QUERY_TOPIC_CONSUME_BY_WHO) {
            String topic = request.requireField("topic");
            Set<String> groups = new TreeSet<>(consumers.groupsSubscribing(topic));
            groups.addAll(offsets.groupsOf(topic));
            return Responses.done(Responses.json(new GroupList(groups)));
        }
        String group = request.requireField("consumerGroup");
        String topic = request.field("topic");
        Set<String> topics = topic != null && !topic.isBlank() ? Set.of(topic) : offsets.topicsOf(group);
        return Responses.done(Responses.json(stats(group, topics)));
    }

    ConsumeStats stats(String group, Set<String> topics) {
        MessageStore store = ctx.store();
        String brokerName = ctx.settings().brokerName();
        long now = ctx.now();
        ConsumerGroupInfo live = consumers.group(group);
        Map<String, OffsetWrapper> table = new LinkedHashMap<>();
        double tps = 0;
        for (String t : List.copyOf(new TreeSet<>(topics))) {
            TopicConfig tc = ctx.topics().get(t);
            if (tc == null) {
                continue;
            }
            if (live != null && !live.subscriptions().isEmpty() && live.subscription(t) == null) {
                continue;
            }
            for (int q = 0; q < tc.readQueueNums(); q++) {
                long brokerOffset = Math.max(0, store.maxOffsetInQueue(t, q));
                long consumerOffset = Math.max(0, offsets.query(group, t, q));
                long pullOffset = Math.max(consumerOffset, offsets.pulledOffset(group, t, q));
                long last = consumerOffset > 0 ? Math.max(0, store.storeTimestampAt(t, q, consumerOffset - 1)) : 0;
                table.put(new MessageQueue(brokerName, q, t).jsonKey(),
                        new OffsetWrapper(brokerOffset, consumerOffset, pullOffset, last));
            }
            tps += meter.tps(group, t, now);
        }
        return new ConsumeStats(table, tps);
    }
}
