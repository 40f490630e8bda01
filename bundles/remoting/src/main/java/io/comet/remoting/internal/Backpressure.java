package io.comet.remoting.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops reading from a connection while its outbound buffer is above the high water mark and resumes once it
 * drains below the low one. A peer that pipelines requests and never reads its responses then fills only its own
 * socket buffers: the endpoint holds at most {@link #HIGH} bytes plus the answers to requests already read.
 * Stateless and shared.
 */
@ChannelHandler.Sharable
final class Backpressure extends ChannelInboundHandlerAdapter {
    /** Outbound bytes above which a connection turns unwritable. */
    static final int HIGH = 4 * 1024 * 1024;
    /** Outbound bytes below which it turns writable again. */
    static final int LOW = 1024 * 1024;
    /** The water marks every remoting connection uses. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(LOW, HIGH);
    static final Backpressure INSTANCE = new Backpressure();
    private static final Logger LOG = LoggerFactory.getLogger(Backpressure.class);

    private Backpressure() {}

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (!writable) {
            LOG.debug("{}: peer is not reading ({} bytes queued); reading paused", ctx.channel(),
                    ctx.channel().unsafe().outboundBuffer() == null ? 0
                            : ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes());
        }
        ctx.channel().config().setAutoRead(writable); // turning it on again asks for a read
        ctx.fireChannelWritabilityChanged();
    }
}
