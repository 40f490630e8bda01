package io.comet.broker.internal.consume.tx;

import io.comet.broker.internal.BrokerConfiguration;
import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.consume.client.ProducerManager;
import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.message.TransactionOp;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.common.StoredMessage;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.MessageStore;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks producers about transactions left open. Half messages wait in queue 0 of {@code RMQ_SYS_TRANS_HALF_TOPIC};
 * END_TRANSACTION closes one by writing an op record ({@link TransactionOp}: tag {@code d}, body = the half
 * message's queue offset) to {@code RMQ_SYS_TRANS_OP_HALF_TOPIC}.
 *
 * <p>Each {@link #check()} (every {@code transactionCheckInterval}) first reads the new op records into the set of
 * closed half offsets, then walks the half queue from its progress offset: closed entries are passed; an open
 * one younger than {@code transactionTimeOut} ends the walk (later ones are younger still); an older one is
 * checked back with CHECK_TRANSACTION_STATE (39, oneway) on a channel of its producer group ({@code PGROUP}),
 * header {@code tranStateTableOffset}, {@code commitLogOffset}, {@code msgId}, {@code transactionId},
 * {@code offsetMsgId}, {@code topic}, body = the stored record with its real topic; after
 * {@code transactionCheckMax} check-backs it is given up (moved to {@code TRANS_CHECK_MAX_TIME_TOPIC}). The
 * progress offsets of both queues are kept as offsets of the internal group {@value #GROUP}, so they are saved
 * with the consumer offsets; check counts are kept in memory.
 */
public final class TransactionCheckService {
    /** The internal group whose offsets record how far the half and op queues were processed. */
    public static final String GROUP = "CID_RMQ_SYS_TRANS";
    static final int MAX_CHECKS_PER_RUN = 2000;
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqTransaction");

    private final BrokerContext ctx;
    private final ProducerManager producers;
    private final ConsumerOffsetTable offsets;
    private final TreeSet<Long> closed = new TreeSet<>();
    private final Map<Long, Integer> checkCounts = new HashMap<>();

    public TransactionCheckService(BrokerContext ctx, ProducerManager producers, ConsumerOffsetTable offsets) {
        this.ctx = ctx;
        this.producers = producers;
        this.offsets = offsets;
    }

    /** One pass; returns the number of check-back requests sent. */
    public synchronized int check() {
        if (ctx.settings().role().isSlave()) {
            return 0;
        }
        readOps();
        MessageStore store = ctx.store();
        BrokerConfiguration config = ctx.settings().config();
        long progress = Math.max(progress(TopicNames.TRANS_HALF_TOPIC),
                store.minOffsetInQueue(TopicNames.TRANS_HALF_TOPIC, 0));
        long max = store.maxOffsetInQueue(TopicNames.TRANS_HALF_TOPIC, 0);
        long now = ctx.now();
        int sent = 0;
        boolean contiguous = true;
        long offset = progress;
        scan:
        while (offset < max && sent < MAX_CHECKS_PER_RUN) {
            try (GetResult r = store.getMessages(GROUP, TopicNames.TRANS_HALF_TOPIC, 0, offset, 32,
                    Integer.MAX_VALUE, TagFilter.ALL)) {
                if (r.status() != GetStatus.FOUND) {
                    if (r.nextBeginOffset() > offset && r.status() != GetStatus.OFFSET_OVERFLOW_BADLY) {
                        offset = r.nextBeginOffset();
                        if (contiguous) {
                            progress = offset;
                        }
                        continue;
                    }
                    break;
                }
                for (StoredSlice s : r.messages()) {
                    long qo = s.queueOffset();
                    if (closed.contains(qo)) {
                        if (contiguous) {
                            progress = qo + 1;
                        }
                        continue;
                    }
                    StoredMessage half = MessageCodec.decode(s.buffer().duplicate(), 0, false);
                    if (now - half.storeTimestamp() < config.transactionTimeOut()) {
                        break scan;
                    }
                    int count = checkCounts.getOrDefault(qo, 0);
                    if (count >= config.transactionCheckMax()) {
                        giveUp(half);
                        closed.add(qo);
                        checkCounts.remove(qo);
                        if (contiguous) {
                            progress = qo + 1;
                        }
                        continue;
                    }
                    checkCounts.put(qo, count + 1);
                    if (checkBack(half)) {
                        sent++;
                    }
                    contiguous = false;
                }
                offset = r.nextBeginOffset();
            }
        }
        offsets.commit(GROUP, TopicNames.TRANS_HALF_TOPIC, 0, progress);
        long keepFrom = progress;
        closed.headSet(keepFrom).clear();
        checkCounts.keySet().removeIf(o -> o < keepFrom);
        return sent;
    }

    private void readOps() {
        MessageStore store = ctx.store();
        long from = Math.max(progress(TopicNames.TRANS_OP_HALF_TOPIC),
                store.minOffsetInQueue(TopicNames.TRANS_OP_HALF_TOPIC, 0));
        long max = store.maxOffsetInQueue(TopicNames.TRANS_OP_HALF_TOPIC, 0);
        while (from < max) {
            try (GetResult r = store.getMessages(GROUP, TopicNames.TRANS_OP_HALF_TOPIC, 0, from, 256,
                    Integer.MAX_VALUE, TagFilter.ALL)) {
                if (r.nextBeginOffset() <= from) {
                    break;
                }
                for (StoredSlice s : r.messages()) {
                    StoredMessage op = MessageCodec.decode(s.buffer().duplicate(), 0, false);
                    if (!TransactionOp.REMOVE_TAG.equals(op.property(MessageProperties.TAGS))) {
                        continue;
                    }
                    try {
                        closed.addAll(TransactionOp.offsets(op.body()));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("ignoring transaction op record at {}: {}", op.queueOffset(), e.getMessage());
                    }
                }
                from = r.nextBeginOffset();
            }
        }
        offsets.commit(GROUP, TopicNames.TRANS_OP_HALF_TOPIC, 0, from);
    }

    private long progress(String topic) {
        return Math.max(0, offsets.query(GROUP, topic, 0));
    }

    private boolean checkBack(StoredMessage half) {
        String group = half.property(PropertyNames.PRODUCER_GROUP);
        RemotingChannel channel = group == null ? null : producers.anyActiveChannel(group);
        if (channel == null) {
            LOG.warn("no producer of group {} is online to check transaction {}", group,
                    half.property(MessageProperties.UNIQ_KEY));
            return false;
        }
        String uniq = half.property(MessageProperties.UNIQ_KEY);
        String txId = half.property(PropertyNames.TRANSACTION_ID);
        String realTopic = half.property(PropertyNames.REAL_TOPIC);
        RemotingCommand cmd = RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .put("tranStateTableOffset", half.queueOffset())
                .put("commitLogOffset", half.physicalOffset())
                .put("msgId", uniq)
                .put("transactionId", txId != null ? txId : uniq)
                .put("offsetMsgId", half.offsetMsgId())
                .put("topic", realTopic)
                .body(realRecord(half));
        channel.invokeOneway(cmd);
        LOG.info("checking back transaction {} (half offset {}) with producer group {} on {}", uniq,
                half.queueOffset(), group, channel.remoteAddress());
        return true;
    }

    /** The half message encoded as a stored record under its real topic and queue (the check-back body). */
    static byte[] realRecord(StoredMessage half) {
        String topic = half.property(PropertyNames.REAL_TOPIC);
        int queueId = half.queueId();
        try {
            String q = half.property(PropertyNames.REAL_QID);
            queueId = q == null ? queueId : Integer.parseInt(q.trim());
        } catch (NumberFormatException e) {
            // keep the half queue id
        }
        MessageRecord rec = new MessageRecord(topic == null ? half.topic() : topic, queueId, half.flag(), half.body(),
                half.properties(), half.sysFlag(), half.bornTimestamp(), half.bornHost(), half.storeHost(),
                half.reconsumeTimes(), half.preparedTransactionOffset());
        ByteBuffer b = MessageCodec.encode(rec, half.queueOffset(), half.physicalOffset(), half.storeTimestamp());
        return b.array();
    }

    private void giveUp(StoredMessage half) {
        LOG.warn("transaction {} (half offset {}) was checked back {} times without an answer; giving up",
                half.property(MessageProperties.UNIQ_KEY), half.queueOffset(),
                ctx.settings().config().transactionCheckMax());
        MessageRecord rec = new MessageRecord(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 0, half.flag(), half.body(),
                half.properties(), half.sysFlag(), half.bornTimestamp(), half.bornHost(), ctx.storeHost(),
                half.reconsumeTimes(), 0);
        ctx.store().putMessage(rec);
    }
}
