package io.comet.broker.internal.consume.lock;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.comet.broker.internal.consume.MessageQueue;
import io.comet.broker.internal.consume.Responses;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42), no header. Request body: {@code {"clientId":"...",
 * "consumerGroup":"cg","mqSet":[{"brokerName":"b","queueId":0,"topic":"T"}],"onlyThisBroker":false}}. LOCK
 * answers {@code {"lockOKMQSet":[...]}}, the queues now held by that client; UNLOCK answers 0 (nothing when
 * oneway).
 */
public final class LockProcessor implements RequestProcessor {
    private final QueueLockTable locks;

    /** Request body of both codes. */
    record LockBatchRequest(String clientId, String consumerGroup, Set<MessageQueue> mqSet) {
        @JsonCreator
        LockBatchRequest(@JsonProperty("clientId") String clientId,
                         @JsonProperty("consumerGroup") String consumerGroup,
                         @JsonProperty("mqSet") Set<MessageQueue> mqSet) {
            this.clientId = clientId;
            this.consumerGroup = consumerGroup;
            this.mqSet = mqSet == null ? Set.of() : new LinkedHashSet<>(mqSet);
        }
    }

    record LockBatchResponse(Set<MessageQueue> lockOKMQSet) {}

    public LockProcessor(QueueLockTable locks) {
        this.locks = locks;
    }

    public static int[] codes() {
        return new int[] {RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        LockBatchRequest body = Responses.body(request, LockBatchRequest.class);
        if (body.clientId() == null || body.clientId().isBlank()) {
            throw new RemotingCommandException("request code " + request.code() + ": clientId is missing in the body");
        }
        if (body.consumerGroup() == null || body.consumerGroup().isBlank()) {
            throw new RemotingCommandException("request code " + request.code()
                    + ": consumerGroup is missing in the body");
        }
        if (request.code() == RequestCode.LOCK_BATCH_MQ) {
            return Responses.done(Responses.json(new LockBatchResponse(
                    locks.tryLock(body.consumerGroup(), body.clientId(), body.mqSet()))));
        }
        locks.unlock(body.consumerGroup(), body.clientId(), body.mqSet());
        return Responses.done(Responses.ok());
    }
}
