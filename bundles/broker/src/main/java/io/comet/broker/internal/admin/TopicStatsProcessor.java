package io.comet.broker.internal.admin;

import io.comet.broker.internal.BrokerContext;
import io.comet.common.Json;
import io.comet.common.TopicConfig;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import io.comet.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * GET_TOPIC_STATS_INFO (202): header {@code topic!}; unknown topic → 17. Body TopicStatsTable
 * {@code {"offsetTable":{"<MessageQueue JSON>":{"lastUpdateTimestamp":ms,"maxOffset":n,"minOffset":n}}}}, one entry
 * per queue 0..writeQueueNums-1 of this broker, keyed by the MessageQueue JSON as a string (the standard-JSON form
 * both clients accept, see the protocol sheet 1.10): {@code {"brokerName":"b","queueId":0,"topic":"T"}}.
 * {@code lastUpdateTimestamp} is the store time of message {@code maxOffset - 1}, or 0 when the queue is empty.
 */
public final class TopicStatsProcessor implements RequestProcessor {
    private final BrokerContext ctx;

    public TopicStatsProcessor(BrokerContext ctx) {
        this.ctx = ctx;
    }

    public static int[] codes() {
        return new int[] {RequestCode.GET_TOPIC_STATS_INFO};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        String topic = request.requireField("topic");
        TopicConfig config = ctx.topics().get(topic);
        if (config == null) {
            return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + topic + "] not exist"));
        }
        Map<String, Map<String, Long>> table = new LinkedHashMap<>();
        MessageStore store = ctx.store();
        String brokerName = ctx.settings().brokerName();
        for (int q = 0; q < config.writeQueueNums(); q++) {
            long min = store.minOffsetInQueue(topic, q);
            long max = store.maxOffsetInQueue(topic, q);
            long last = max > 0 ? Math.max(0, store.storeTimestampAt(topic, q, max - 1)) : 0;
            Map<String, Long> offsets = new LinkedHashMap<>();
            offsets.put("lastUpdateTimestamp", last);
            offsets.put("maxOffset", max);
            offsets.put("minOffset", min);
            table.put(messageQueueKey(brokerName, q, topic), offsets);
        }
        return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)
                .body(Json.toBytes(Map.of("offsetTable", table))));
    }

    /** A MessageQueue as the JSON text used for map keys: {@code {"brokerName":..,"queueId":..,"topic":..}}. */
    public static String messageQueueKey(String brokerName, int queueId, String topic) {
        Map<String, Object> mq = new LinkedHashMap<>();
        mq.put("brokerName", brokerName);
        mq.put("queueId", queueId);
        mq.put("topic", topic);
        return Json.toString(mq);
    }
}
