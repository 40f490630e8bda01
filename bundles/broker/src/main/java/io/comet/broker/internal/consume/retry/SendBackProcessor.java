package io.comet.broker.internal.consume.retry;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.BrokerSettings;
import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.group.SubscriptionGroupConfig;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.broker.internal.message.PropertyEditor;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.common.PermName;
import io.comet.common.StoredMessage;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import io.comet.store.StoredSlice;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONSUMER_SEND_MSG_BACK (36): a consumer could not process a message. Header: {@code offset!} (the message's
 * commit-log offset), {@code group!}, {@code delayLevel!} (0 = the broker decides, -1 = dead letter at once),
 * {@code originMsgId}, {@code originTopic}, {@code maxReconsumeTimes} (honoured from clients of version 121 on;
 * otherwise the group's {@code retryMaxTimes}).
 *
 * <p>The original is read back by its offset [1 when gone] and stored again, same body, flag, born time and host
 * and sysFlag, with {@code reconsumeTimes + 1}, {@code RETRY_TOPIC} (the first topic it had) and
 * {@code ORIGIN_MESSAGE_ID} (the first id it had):
 * <ul>
 *   <li>to {@code %DLQ%group} when its reconsume count reached the limit or the level is negative (plus 5.x's
 *       {@code DLQ_ORIGIN_TOPIC} and {@code DLQ_ORIGIN_MESSAGE_ID}), without delay;</li>
 *   <li>otherwise to {@code %RETRY%group}, parked for level {@code delayLevel}, or {@code 3 + reconsumeTimes}
 *       when the header says 0 (10 s, 30 s, 1 min, ... with the default levels).</li>
 * </ul>
 * Retry and dead-letter topics are created when missing (queues = the group's {@code retryQueueNums} / 1, perm 6).
 */
public final class SendBackProcessor implements RequestProcessor {
    /** Clients from V3_4_9 (ordinal 121) send a trustworthy maxReconsumeTimes. */
    static final int VERSION_WITH_MAX_RECONSUME = 121;

    private final BrokerContext ctx;
    private final SubscriptionGroupTable groups;

    public SendBackProcessor(BrokerContext ctx, SubscriptionGroupTable groups) {
        this.ctx = ctx;
        this.groups = groups;
    }

    public static int[] codes() {
        return new int[] {RequestCode.CONSUMER_SEND_MSG_BACK};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        if (ctx.replication().refusesWrites()) {
            return Responses.done(Responses.error(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the broker is a slave, not support to write message"));
        }
        long offset = request.requireLong("offset");
        String group = request.requireField("group");
        int delayLevel = request.requireInt("delayLevel");
        BrokerSettings settings = ctx.settings();
        SubscriptionGroupConfig g = groups.findOrCreate(group, settings.config().autoCreateSubscriptionGroup());
        if (g == null) {
            return Responses.done(Responses.error(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist, apply first please!"));
        }
        if (!PermName.isWriteable(settings.config().brokerPermission())) {
            return Responses.done(Responses.error(ResponseCode.NO_PERMISSION,
                    "the broker[" + settings.brokerIP1() + "] sending message is forbidden"));
        }
        if (g.retryQueueNums() <= 0) {
            return Responses.done(Responses.ok());
        }
        StoredMessage original = lookup(offset);
        if (original == null) {
            return Responses.done(Responses.error(ResponseCode.SYSTEM_ERROR,
                    "look message by offset failed, " + offset));
        }
        int maxReconsume = g.retryMaxTimes();
        String headerMax = request.field("maxReconsumeTimes");
        if (headerMax != null && !headerMax.isBlank() && request.version() >= VERSION_WITH_MAX_RECONSUME) {
            maxReconsume = request.intField("maxReconsumeTimes", maxReconsume);
        }
        MessageRecord copy = retryCopy(original, group, delayLevel, maxReconsume, request.field("originMsgId"), g);
        return ctx.store().putMessage(copy).thenApply(put -> put.status().isStored() ? Responses.ok()
                : Responses.error(ResponseCode.SYSTEM_ERROR, "storing the message for retry failed: " + put.status()));
    }

    /** The record to store: the retry or dead-letter copy of {@code original}. */
    MessageRecord retryCopy(StoredMessage original, String group, int delayLevel, int maxReconsume,
                            String originMsgId, SubscriptionGroupConfig g) {
        String props = original.properties();
        String firstTopic = MessageProperties.get(props, PropertyNames.RETRY_TOPIC);
        if (firstTopic == null) {
            firstTopic = original.topic();
            props = PropertyEditor.put(props, PropertyNames.RETRY_TOPIC, firstTopic);
        }
        String firstId = MessageProperties.get(props, PropertyNames.ORIGIN_MESSAGE_ID);
        if (firstId == null) {
            String uniq = MessageProperties.get(props, MessageProperties.UNIQ_KEY);
            firstId = uniq != null ? uniq : originMsgId != null && !originMsgId.isBlank() ? originMsgId
                    : original.offsetMsgId();
        }
        props = PropertyEditor.put(props, PropertyNames.ORIGIN_MESSAGE_ID, firstId);
        props = PropertyEditor.remove(props, MessageProperties.DELAY, PropertyNames.REAL_TOPIC, PropertyNames.REAL_QID);
        boolean dead = original.reconsumeTimes() >= maxReconsume || delayLevel < 0;
        String topic;
        int queueId;
        if (dead) {
            topic = TopicNames.dlqTopic(group);
            queueId = 0;
            ensureTopic(topic, 1);
            props = PropertyEditor.put(props, PropertyNames.DLQ_ORIGIN_TOPIC, firstTopic);
            props = PropertyEditor.put(props, PropertyNames.DLQ_ORIGIN_MESSAGE_ID, firstId);
        } else {
            topic = TopicNames.retryTopic(group);
            TopicConfig tc = ensureTopic(topic, g.retryQueueNums());
            queueId = ThreadLocalRandom.current().nextInt(Math.max(1, tc.writeQueueNums()));
        }
        MessageRecord copy = new MessageRecord(topic, queueId, original.flag(), original.body(), props,
                original.sysFlag(), original.bornTimestamp(), original.bornHost(), ctx.storeHost(),
                original.reconsumeTimes() + 1, 0);
        if (dead) {
            return copy;
        }
        int level = delayLevel == 0 ? 3 + original.reconsumeTimes() : delayLevel;
        return ScheduleParking.park(copy, level, ctx.settings().delayLevels());
    }

    private TopicConfig ensureTopic(String topic, int queues) {
        TopicConfig tc = ctx.topics().get(topic);
        if (tc != null) {
            return tc;
        }
        return ctx.topics().putIfAbsent(new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE,
                TopicFilterType.SINGLE_TAG, 0, false, Map.of()));
    }

    private StoredMessage lookup(long offset) {
        Optional<StoredSlice> slice = ctx.store().lookupMessage(offset);
        if (slice.isEmpty()) {
            return null;
        }
        try (StoredSlice s = slice.get()) {
            return MessageCodec.decode(s.buffer().duplicate(), 0, false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
