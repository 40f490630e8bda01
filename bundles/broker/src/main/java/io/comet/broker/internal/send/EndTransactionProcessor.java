package io.comet.broker.internal.send;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.BrokerSettings;
import io.comet.broker.internal.message.PropertyEditor;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.message.TransactionOp;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageCodec;
import io.comet.common.MessageSysFlag;
import io.comet.common.StoredMessage;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoredSlice;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37), usually oneway. Header: {@code producerGroup!}, {@code tranStateTableOffset!} (the half
 * message's queue offset), {@code commitLogOffset!} (its commit-log offset), {@code commitOrRollback!} (0 unknown:
 * nothing happens; 8 commit; 12 rollback), {@code fromTransactionCheck}, {@code msgId!}, {@code transactionId}.
 *
 * <p>The half message is looked up by {@code commitLogOffset} and must be in {@code RMQ_SYS_TRANS_HALF_TOPIC}
 * with the same {@code PGROUP} and queue offset (else SYSTEM_ERROR naming the mismatch).
 * <ul>
 *   <li>Commit: the message is stored again to {@code REAL_TOPIC}/{@code REAL_QID} without {@code REAL_TOPIC},
 *       {@code REAL_QID} and {@code TRAN_MSG}, with sysFlag COMMIT, preparedTransactionOffset = the half
 *       message's commit-log offset and {@code TRAN_PREPARED_QUEUE_OFFSET} = its queue offset (a {@code DELAY} on
 *       it still applies); once stored, an op record ({@link TransactionOp}) closes the half message.</li>
 *   <li>Rollback: only the op record.</li>
 * </ul>
 * A slave answers 14.
 */
public final class EndTransactionProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqTransaction");

    private final BrokerContext ctx;

    public EndTransactionProcessor(BrokerContext ctx) {
        this.ctx = ctx;
    }

    public static int[] codes() {
        return new int[] {RequestCode.END_TRANSACTION};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        BrokerSettings s = ctx.settings();
        if (ctx.replication().refusesWrites()) {
            return done(ResponseCode.SERVICE_NOT_AVAILABLE, "the broker is a slave, it does not end transactions");
        }
        String group = request.requireField("producerGroup");
        long queueOffset = request.requireLong("tranStateTableOffset");
        long commitLogOffset = request.requireLong("commitLogOffset");
        int type = request.requireInt("commitOrRollback");
        request.requireField("msgId");
        if (type == MessageSysFlag.TRANSACTION_NOT_TYPE) {
            LOG.warn("The producer[{}] ends transaction {} with state unknown; remark: {}", channel.remoteAddress(),
                    request.field("msgId"), request.remark());
            return null;
        }
        if (type != MessageSysFlag.TRANSACTION_COMMIT_TYPE && type != MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            return done(ResponseCode.SYSTEM_ERROR, "commitOrRollback=" + type + " is not 0, 8 (commit) or 12 (rollback)");
        }
        StoredMessage half = lookup(commitLogOffset);
        String mismatch = check(half, group, queueOffset, commitLogOffset);
        if (mismatch != null) {
            return done(ResponseCode.SYSTEM_ERROR, mismatch);
        }
        if (type == MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            return close(half).thenApply(r -> opResponse(r, "rollback"));
        }
        MessageDraft d = committed(half);
        Parking.applyDelay(d, s.delayLevels(), ctx.now());
        return ctx.store().putMessage(d.toRecord(ctx.storeHost())).thenCompose(ctx.replication()::replicate)
                .thenCompose(put -> {
            if (!put.status().isStored()) {
                return CompletableFuture.completedFuture(RemotingCommand.response(PutStatusCodes.code(put.status()),
                        "storing the committed message failed: " + put.status()));
            }
            ctx.stats().onPut(1, half.body().length);
            return close(half).thenApply(op -> opResponse(op, "commit"));
        });
    }

    private StoredMessage lookup(long commitLogOffset) {
        Optional<StoredSlice> slice = ctx.store().lookupMessage(commitLogOffset);
        if (slice.isEmpty()) {
            return null;
        }
        try (StoredSlice s = slice.get()) {
            return MessageCodec.decode(s.buffer().duplicate(), 0, false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Null when {@code half} is the half message the request names, else what does not match. */
    static String check(StoredMessage half, String group, long queueOffset, long commitLogOffset) {
        if (half == null || !TopicNames.TRANS_HALF_TOPIC.equals(half.topic())) {
            return "Find prepared transaction message failed: no half message at commit-log offset " + commitLogOffset;
        }
        String pgroup = half.property(PropertyNames.PRODUCER_GROUP);
        if (pgroup != null && !pgroup.equals(group)) {
            return "The producer group wrong: the half message belongs to " + pgroup + ", not " + group;
        }
        if (half.queueOffset() != queueOffset) {
            return "The transaction state table offset wrong: the half message is at " + half.queueOffset()
                    + ", not " + queueOffset;
        }
        return null;
    }

    /** The committed copy of a half message, bound for its real topic and queue. */
    static MessageDraft committed(StoredMessage half) {
        String realTopic = half.property(PropertyNames.REAL_TOPIC);
        String realQid = half.property(PropertyNames.REAL_QID);
        int queueId = 0;
        try {
            queueId = realQid == null ? 0 : Integer.parseInt(realQid);
        } catch (NumberFormatException e) {
            // keep queue 0
        }
        String props = PropertyEditor.remove(half.properties(), PropertyNames.REAL_TOPIC, PropertyNames.REAL_QID,
                PropertyNames.TRAN_MSG);
        props = PropertyEditor.put(props, PropertyNames.TRAN_PREPARED_QUEUE_OFFSET, Long.toString(half.queueOffset()));
        int sysFlag = (half.sysFlag() & ~MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) | MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        MessageDraft d = new MessageDraft(realTopic == null ? half.topic() : realTopic, queueId, props, sysFlag,
                half.flag(), half.body(), half.bornTimestamp(), half.bornHost(), half.reconsumeTimes());
        d.preparedTransactionOffset = half.physicalOffset();
        return d;
    }

    private CompletableFuture<PutResult> close(StoredMessage half) {
        return ctx.store().putMessage(TransactionOp.record(half.queueId(), half.queueOffset(), ctx.now(),
                ctx.storeHost(), ctx.storeHost()));
    }

    private static RemotingCommand opResponse(PutResult op, String what) {
        if (op.status().isStored()) {
            return RemotingCommand.response(ResponseCode.SUCCESS, null);
        }
        return RemotingCommand.response(op.status() == PutStatus.SERVICE_NOT_AVAILABLE
                ? ResponseCode.SERVICE_NOT_AVAILABLE : ResponseCode.SYSTEM_ERROR,
                "recording the " + what + " of the half message failed: " + op.status());
    }

    private static CompletionStage<RemotingCommand> done(int code, String remark) {
        return CompletableFuture.completedFuture(RemotingCommand.response(code, remark));
    }
}
