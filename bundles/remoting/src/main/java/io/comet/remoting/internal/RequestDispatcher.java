package io.comet.remoting.internal;

import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.ResponseCode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes decoded commands: a response completes the request that waits for it on this channel; a request goes to
 * the processor of its code on that processor's executor, or right here on the event loop when the processor
 * allows it for that request ({@link io.comet.remoting.RequestProcessor#runsOnEventLoop}).
 *
 * <ul>
 *   <li>unknown code: REQUEST_CODE_NOT_SUPPORTED, remark "request type N not supported";</li>
 *   <li>executor queue full: SYSTEM_BUSY, remark "too many requests";</li>
 *   <li>processor throws {@link RemotingCommandException} (or its stage fails with one): SYSTEM_ERROR with the
 *       exception's message as remark; the connection stays open;</li>
 *   <li>any other failure: SYSTEM_ERROR with a remark naming the request code and the exception.</li>
 * </ul>
 * The response gets the request's opaque and serialize type and is written from whatever thread completes the
 * processor's stage. Oneway requests are never answered, not even with an error. Stateless and shared.
 */
@ChannelHandler.Sharable
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final ProcessorTable processors;

    RequestDispatcher(ProcessorTable processors) {
        this.processors = processors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RemotingCommand cmd)) {
            ctx.fireChannelRead(msg);
            return;
        }
        NettyRemotingChannel channel = NettyRemotingChannel.of(ctx.channel());
        if (cmd.isResponse()) {
            channel.pending().complete(cmd);
            return;
        }
        ProcessorTable.Entry entry = processors.get(cmd.code());
        if (entry == null) {
            reply(channel, cmd, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "request type " + cmd.code() + " not supported");
            return;
        }
        if (runsHere(entry, cmd)) {
            process(entry, channel, cmd);
            return;
        }
        try {
            entry.executor().execute(() -> process(entry, channel, cmd));
        } catch (RejectedExecutionException e) {
            LOG.debug("Executor group '{}' rejected request code {} from {}", entry.group(), cmd.code(),
                    channel.remoteAddress());
            reply(channel, cmd, ResponseCode.SYSTEM_BUSY, "too many requests");
        }
    }

    private static boolean runsHere(ProcessorTable.Entry entry, RemotingCommand cmd) {
        try {
            return entry.processor().runsOnEventLoop(cmd);
        } catch (RuntimeException e) {
            LOG.warn("runsOnEventLoop of {} failed for request code {}; using its executor", entry.processor(),
                    cmd.code(), e);
            return false;
        }
    }

    private static void process(ProcessorTable.Entry entry, NettyRemotingChannel channel, RemotingCommand request) {
        CompletionStage<RemotingCommand> stage;
        try {
            stage = entry.processor().process(channel, request);
        } catch (Throwable t) {
            replyFailure(channel, request, t);
            return;
        }
        if (stage != null) {
            stage.whenComplete((response, failure) -> {
                if (failure != null) {
                    replyFailure(channel, request, failure);
                } else {
                    respond(channel, request, response);
                }
            });
        }
    }

    /** Sends {@code response} as the answer to {@code request}, unless the request was oneway. */
    static void respond(NettyRemotingChannel channel, RemotingCommand request, RemotingCommand response) {
        if (response == null) {
            return;
        }
        if (request.isOneway()) {
            response.releaseBody();
            return;
        }
        response.opaque(request.opaque()).markResponse().serializeType(ResponseEncoding.of(request));
        channel.send(response);
    }

    private static void reply(NettyRemotingChannel channel, RemotingCommand request, int code, String remark) {
        if (!request.isOneway()) {
            channel.send(RemotingCommand.responseTo(request, code, remark).serializeType(ResponseEncoding.of(request)));
        }
    }

    private static void replyFailure(NettyRemotingChannel channel, RemotingCommand request, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String remark;
        if (t instanceof RemotingCommandException) {
            remark = t.getMessage();
            LOG.debug("Bad request code {} from {}: {}", request.code(), channel.remoteAddress(), remark);
        } else {
            remark = "processing request code " + request.code() + " failed: " + t;
            LOG.warn("Processing request code {} from {} failed", request.code(), channel.remoteAddress(), t);
        }
        reply(channel, request, ResponseCode.SYSTEM_ERROR, remark);
    }
}
