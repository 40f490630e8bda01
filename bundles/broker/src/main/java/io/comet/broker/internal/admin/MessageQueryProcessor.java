package io.comet.broker.internal.admin;

import io.comet.broker.internal.BrokerContext;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import io.comet.store.QueryResult;
import io.comet.store.StoredSlice;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Message lookups, answered with stored records sent without copying (the store's slices, released once
 * written):
 * <ul>
 *   <li>VIEW_MESSAGE_BY_ID (33): header {@code offset!} (commit-log offset from an offset message id); body = that
 *       one record; none there → SYSTEM_ERROR "can not find message by the offset".</li>
 *   <li>QUERY_MESSAGE (12): header {@code topic!}, {@code key!}, {@code maxNum!}, {@code beginTimestamp!},
 *       {@code endTimestamp!}, ext field {@code _UNIQUE_KEY_QUERY} (true: at most {@code defaultQueryMaxNum});
 *       body = the records whose KEYS contain the key or whose UNIQ_KEY equals it, newest first; response header
 *       {@code indexLastUpdateTimestamp}, {@code indexLastUpdatePhyoffset}; no match → 22.</li>
 * </ul>
 */
public final class MessageQueryProcessor implements RequestProcessor {
    private final BrokerContext ctx;

    public MessageQueryProcessor(BrokerContext ctx) {
        this.ctx = ctx;
    }

    public static int[] codes() {
        return new int[] {RequestCode.VIEW_MESSAGE_BY_ID, RequestCode.QUERY_MESSAGE};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        return CompletableFuture.completedFuture(request.code() == RequestCode.VIEW_MESSAGE_BY_ID
                ? view(request) : query(request));
    }

    private RemotingCommand view(RemotingCommand request) throws RemotingCommandException {
        long offset = request.requireLong("offset");
        Optional<StoredSlice> slice = ctx.store().lookupMessage(offset);
        if (slice.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "can not find message by the offset, " + offset);
        }
        StoredSlice s = slice.get();
        return RemotingCommand.response(ResponseCode.SUCCESS, null)
                .bodyBuffers(new ByteBuffer[] {s.buffer()}, s::release);
    }

    private RemotingCommand query(RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        String key = request.requireField("key");
        int maxNum = request.requireInt("maxNum");
        long begin = request.requireLong("beginTimestamp");
        long end = request.requireLong("endTimestamp");
        if ("true".equalsIgnoreCase(request.field("_UNIQUE_KEY_QUERY"))) {
            maxNum = ctx.settings().config().defaultQueryMaxNum();
        }
        QueryResult result = ctx.store().queryMessage(topic, key, Math.max(1, maxNum), begin, end);
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null)
                .put("indexLastUpdateTimestamp", result.indexLastUpdateTimestamp())
                .put("indexLastUpdatePhyoffset", result.indexLastUpdatePhyOffset());
        List<StoredSlice> found = result.messages();
        if (found.isEmpty()) {
            return response.code(ResponseCode.QUERY_NOT_FOUND)
                    .remark("can not find message, maybe time range not correct");
        }
        ByteBuffer[] buffers = new ByteBuffer[found.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = found.get(i).buffer();
        }
        return response.bodyBuffers(buffers, result::release);
    }
}
