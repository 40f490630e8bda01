package io.comet.broker.internal.send;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.BrokerSettings;
import io.comet.broker.internal.Hosts;
import io.comet.broker.internal.message.PropertyEditor;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.message.UniqueKeys;
import io.comet.broker.internal.topic.TopicAutoCreator;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.common.MessageSysFlag;
import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320).
 *
 * <p>Checks, in order (first failure answers): slave role (14), broker perm not writable (16), header
 * ({@link SendHeader}: SYSTEM_ERROR naming a missing or bad field), topic name (1), topic forbidden for sending
 * (16), topic exists or is auto-created ({@link TopicAutoCreator}; else 17 "topic[X] not exist, apply first
 * please!"), topic perm not writable (16), queue id (negative: a random writable queue; {@code >= max(read,
 * write)}: 1), body present and properties at most 32767 characters (13).
 *
 * <p>Then the stored message gets property {@code CLUSTER}, a {@code UNIQ_KEY} when it has none, MULTI_TAGS in
 * sysFlag for MULTI_TAG topics, the born host of the channel and this broker's store host; {@code %RETRY%} sends
 * whose reconsume count reached the limit go to {@code %DLQ%group}; half and delayed messages are rewritten by
 * {@link Parking}. Bodies (compressed or not) are stored as they came; a single message's body is not copied.
 *
 * <p>The response is completed by the store's future (on the thread that completes it) and, for a SYNC_MASTER,
 * by the replication gate once the required slaves hold the message ({@link io.comet.broker.internal.Replication
 * #replicate}: a non-OK replication status such as FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE replaces the
 * store's), so no request thread waits for a flush or a slave. See {@link SendResponses} for the header.
 *
 * <p>Sends to a topic that already exists (not a retry topic) run on the event loop that read them
 * ({@link #runsOnEventLoop}): nothing on that path waits - the append takes the commit log's short lock and
 * writes into the mapped file, and flush or replication waits complete the returned stage later - so the two
 * thread hand-offs to the send executor and back are saved. Sends that may create a topic or a dead-letter topic
 * (a config file write) use the send executor.
 */
public final class SendMessageProcessor implements RequestProcessor {
    /** The request version from which {@code maxReconsumeTimes} in the header is honoured (V3_4_9). */
    static final int MAX_RECONSUME_HEADER_VERSION = 121;

    private final BrokerContext ctx;
    private final TopicAutoCreator creator;
    private final UniqueKeys uniqueKeys;

    public SendMessageProcessor(BrokerContext ctx, TopicAutoCreator creator, UniqueKeys uniqueKeys) {
        this.ctx = ctx;
        this.creator = creator;
        this.uniqueKeys = uniqueKeys;
    }

    /** The codes this processor serves. */
    public static int[] codes() {
        return new int[] {RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE};
    }

    @Override
    public boolean runsOnEventLoop(RemotingCommand request) {
        String topic = request.field(request.code() == RequestCode.SEND_MESSAGE ? "topic" : "b");
        return topic != null && !TopicNames.isRetry(topic) && ctx.topics().contains(topic);
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        if (ctx.replication().refusesWrites()) {
            return fail(ResponseCode.SERVICE_NOT_AVAILABLE, "the broker is a slave, not support to write message");
        }
        BrokerSettings s = ctx.settings();
        if (!PermName.isWriteable(s.config().brokerPermission())) {
            return fail(ResponseCode.NO_PERMISSION, "the broker[" + s.brokerName() + ", " + ctx.brokerAddress()
                    + "] sending message is forbidden");
        }
        SendHeader h = SendHeader.decode(request);
        String topic = h.topic();
        String invalid = TopicNames.validate(topic);
        if (invalid != null) {
            return fail(ResponseCode.SYSTEM_ERROR, invalid);
        }
        if (TopicNames.isSendForbidden(topic)) {
            return fail(ResponseCode.NO_PERMISSION, "Sending message to topic[" + topic + "] is forbidden.");
        }
        TopicConfig tc = creator.forSend(topic, h.defaultTopic(), h.defaultTopicQueueNums());
        if (tc == null) {
            return fail(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist, apply first please!");
        }
        if (!PermName.isWriteable(tc.perm())) {
            return fail(ResponseCode.NO_PERMISSION, "the topic[" + topic + "] sending message is forbidden");
        }
        int queueId = h.queueId();
        if (queueId < 0) {
            queueId = ThreadLocalRandom.current().nextInt(Math.max(1, tc.writeQueueNums()));
        } else if (queueId >= Math.max(tc.readQueueNums(), tc.writeQueueNums())) {
            return fail(ResponseCode.SYSTEM_ERROR, "request queueId[" + queueId + "] is illegal, topic[" + topic
                    + "] has " + tc.writeQueueNums() + " write and " + tc.readQueueNums() + " read queues, producer: "
                    + channel.remoteAddress());
        }
        byte[] body = request.body();
        if (body == null) {
            return fail(ResponseCode.MESSAGE_ILLEGAL, "the message body is missing");
        }
        if (h.properties().length() > MessageProperties.MAX_LENGTH) {
            return fail(ResponseCode.MESSAGE_ILLEGAL, "the message properties are " + h.properties().length()
                    + " characters long, more than " + MessageProperties.MAX_LENGTH);
        }
        int sysFlag = tc.topicFilterType() == TopicFilterType.MULTI_TAG ? h.sysFlag() | MessageSysFlag.MULTI_TAGS
                : h.sysFlag();
        InetSocketAddress bornHost = Hosts.parse(channel.remoteAddress());
        if (request.code() == RequestCode.SEND_BATCH_MESSAGE) {
            return sendBatch(h, queueId, sysFlag, body, bornHost, s);
        }
        return sendOne(request, h, queueId, sysFlag, body, bornHost, s);
    }

    private CompletionStage<RemotingCommand> sendOne(RemotingCommand request, SendHeader h, int queueId, int sysFlag,
                                                     byte[] body, InetSocketAddress bornHost, BrokerSettings s) {
        long now = ctx.now();
        MessageDraft d = new MessageDraft(h.topic(), queueId, stamp(h.properties(), s, now), sysFlag, h.flag(), body,
                h.bornTimestamp(), bornHost, h.reconsumeTimes());
        if (TopicNames.isRetry(d.topic) && reachedRetryLimit(request, h)) {
            toDeadLetter(d, h.producerGroup());
        }
        boolean half = Parking.isHalf(d.properties);
        if (half) {
            if (s.config().rejectTransactionMessage()) {
                return fail(ResponseCode.NO_PERMISSION, "the broker[" + s.brokerName()
                        + "] sending transaction message is forbidden");
            }
            Parking.toHalf(d);
        } else {
            Parking.applyDelay(d, s.delayLevels(), now);
        }
        MessageRecord record = d.toRecord(ctx.storeHost());
        String transactionId = half ? MessageProperties.get(record.properties(), MessageProperties.UNIQ_KEY) : null;
        return ctx.store().putMessage(record).thenCompose(ctx.replication()::replicate)
                .handle((r, failure) -> SendResponses.of(r, failure, s, queueId, transactionId, ctx.stats(),
                        body.length));
    }

    private CompletionStage<RemotingCommand> sendBatch(SendHeader h, int queueId, int sysFlag, byte[] batch,
                                                       InetSocketAddress bornHost, BrokerSettings s) {
        if (TopicNames.isRetry(h.topic())) {
            return fail(ResponseCode.MESSAGE_ILLEGAL, "batch request does not support retry group " + h.topic());
        }
        if (MessageSysFlag.transactionType(sysFlag) != MessageSysFlag.TRANSACTION_NOT_TYPE) {
            return fail(ResponseCode.MESSAGE_ILLEGAL, "batch messages cannot be transactional");
        }
        List<BatchDecoder.Inner> inners;
        try {
            inners = BatchDecoder.decode(batch);
        } catch (IllegalArgumentException e) {
            return fail(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
        long now = ctx.now();
        InetSocketAddress storeHost = ctx.storeHost();
        List<MessageRecord> records = new ArrayList<>(inners.size());
        long bytes = 0;
        for (BatchDecoder.Inner inner : inners) {
            String props = stamp(PropertyEditor.concat(inner.properties(), h.properties()), s, now);
            if (MessageProperties.get(props, MessageProperties.DELAY) != null || Parking.isHalf(props)) {
                return fail(ResponseCode.MESSAGE_ILLEGAL, "batch messages cannot be delayed or transactional");
            }
            records.add(new MessageRecord(h.topic(), queueId, inner.flag(), inner.body(), props, sysFlag,
                    h.bornTimestamp(), bornHost, storeHost, h.reconsumeTimes(), 0));
            bytes += inner.body().length;
        }
        long total = bytes;
        return ctx.store().putMessages(records).thenCompose(ctx.replication()::replicate)
                .handle((r, failure) -> SendResponses.of(r, failure, s, queueId, null, ctx.stats(), total));
    }

    /** Adds CLUSTER and, when missing, UNIQ_KEY. */
    private String stamp(String properties, BrokerSettings s, long now) {
        String p = PropertyEditor.put(properties, PropertyNames.CLUSTER, s.clusterName());
        if (MessageProperties.get(p, MessageProperties.UNIQ_KEY) == null) {
            p = PropertyEditor.put(p, MessageProperties.UNIQ_KEY, uniqueKeys.next(now));
        }
        return p;
    }

    private boolean reachedRetryLimit(RemotingCommand request, SendHeader h) {
        int max = h.maxReconsumeTimes() >= 0 && request.version() >= MAX_RECONSUME_HEADER_VERSION
                ? h.maxReconsumeTimes() : ctx.retryMaxTimes(TopicNames.groupOfRetry(h.topic()));
        return h.reconsumeTimes() >= max;
    }

    private void toDeadLetter(MessageDraft d, String producerGroup) {
        String group = TopicNames.groupOfRetry(d.topic);
        String dlq = TopicNames.dlqTopic(group);
        creator.groupTopic(dlq);
        d.properties = PropertyEditor.remove(d.properties, MessageProperties.DELAY, PropertyNames.TIMER_DELIVER_MS,
                PropertyNames.TIMER_DELAY_SEC, PropertyNames.TIMER_DELAY_MS, PropertyNames.START_DELIVER_TIME);
        d.topic = dlq;
        d.queueId = 0;
    }

    private static CompletionStage<RemotingCommand> fail(int code, String remark) {
        return CompletableFuture.completedFuture(RemotingCommand.response(code, remark));
    }
}
