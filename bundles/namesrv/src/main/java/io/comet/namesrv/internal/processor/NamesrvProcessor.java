package io.comet.namesrv.internal.processor;

import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Base of the NameServer's processors: every request is answered at once, and a malformed request (a missing
 * required header field, a bad number, an undecodable body) gets SYSTEM_ERROR with a remark naming what was
 * wrong, as RocketMQ does.
 */
public abstract class NamesrvProcessor implements RequestProcessor {

    /** The request codes this processor serves. */
    public abstract int[] codes();

    abstract RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException;

    @Override
    public final CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(answer(channel, request));
    }

    /** Synchronous form of {@link #process}, for callers and tests that hold no channel machinery. */
    public final RemotingCommand answer(RemotingChannel channel, RemotingCommand request) {
        try {
            return handle(channel, request);
        } catch (RemotingCommandException | IllegalArgumentException | UncheckedIOException e) {
            return error(request, e.getMessage());
        }
    }

    static RemotingCommand ok(RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    static RemotingCommand error(RemotingCommand request, String remark) {
        return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, remark);
    }

    static String remote(RemotingChannel channel) {
        return channel == null ? "local" : channel.remoteAddress();
    }
}
