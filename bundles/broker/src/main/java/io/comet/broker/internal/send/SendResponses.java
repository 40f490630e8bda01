package io.comet.broker.internal.send;

import io.comet.broker.internal.BrokerSettings;
import io.comet.broker.internal.BrokerStats;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.ResponseCode;
import io.comet.store.PutResult;
import java.util.concurrent.CompletionException;

/**
 * Builds send responses from the store's {@link PutResult}: the code from {@link PutStatusCodes}; when stored,
 * header {@code msgId} (the offset message id; a batch's ids joined by commas), {@code queueId},
 * {@code queueOffset} (a batch's first), {@code transactionId} for half messages, and the ext fields
 * {@code MSG_REGION} ({@code regionId}) and {@code TRACE_ON} ({@code traceOn}).
 */
final class SendResponses {
    private SendResponses() {}

    /**
     * @param queueId the queue the producer chose (or the broker picked for it), even when the message was parked
     *                in a schedule or half queue, as RocketMQ answers
     */
    static RemotingCommand of(PutResult r, Throwable failure, BrokerSettings s, int queueId, String transactionId,
                              BrokerStats stats, long bodyBytes) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "storing the message failed: " + cause);
        }
        int code = PutStatusCodes.code(r.status());
        RemotingCommand response = RemotingCommand.response(code, PutStatusCodes.remark(r.status()));
        if (r.status().isStored()) {
            stats.onPut(r.messageCount(), bodyBytes);
            response.put("msgId", r.msgId())
                    .put("queueId", queueId)
                    .put("queueOffset", r.queueOffset())
                    .put("transactionId", transactionId)
                    .put(PropertyNames.MSG_REGION, s.config().regionId())
                    .put(PropertyNames.TRACE_ON, s.config().traceOn());
        }
        return response;
    }
}
