package io.comet.remoting.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline of every remoting connection, server or client side:
 *
 * <pre>
 * backpressure         reading pauses while the outbound buffer is above its high water mark
 * flush consolidation  batches flushes of responses written in one event-loop round
 * command encoder      RemotingCommand -> frame (outbound)
 * idle state           ALL_IDLE after idleSeconds without reads or writes (omitted when 0)
 * frame decoder        bytes -> RemotingCommand, closes the connection on malformed input
 * request dispatcher   responses to waiting requests, requests to processors on their executors
 * lifecycle            connect/close/idle events, idle close, fails waiting requests on close
 * </pre>
 */
final class RemotingChannelInitializer extends ChannelInitializer<Channel> {
    private final int maxFrameLength;
    private final int idleSeconds;
    private final RequestDispatcher dispatcher;
    private final ChannelLifecycleHandler lifecycle;
    private final AtomicInteger opaques;
    private final Timer timer;

    RemotingChannelInitializer(int maxFrameLength, int idleSeconds, RequestDispatcher dispatcher,
                               ChannelLifecycleHandler lifecycle, AtomicInteger opaques, Timer timer) {
        this.maxFrameLength = maxFrameLength;
        this.idleSeconds = idleSeconds;
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.opaques = opaques;
        this.timer = timer;
    }

    @Override
    protected void initChannel(Channel ch) {
        NettyRemotingChannel.attach(ch, opaques, timer);
        ch.config().setWriteBufferWaterMark(Backpressure.WATER_MARK);
        ChannelPipeline p = ch.pipeline();
        p.addLast("backpressure", Backpressure.INSTANCE);
        p.addLast("flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        p.addLast("encoder", CommandEncoder.INSTANCE);
        if (idleSeconds > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
        }
        p.addLast("decoder", new FrameDecoder(maxFrameLength));
        p.addLast("dispatcher", dispatcher);
        p.addLast("lifecycle", lifecycle);
    }
}
