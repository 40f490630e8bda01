package io.comet.remoting.internal;

import io.comet.remoting.RemotingConnectException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection lifecycle of an endpoint: reports connects and closes to the {@link ChannelEvents}, fails the
 * requests still waiting on a closed connection, and closes a connection that was idle (no reads, no writes)
 * for the configured time, after reporting it idle. I/O errors close the connection. Stateless and shared.
 */
@ChannelHandler.Sharable
final class ChannelLifecycleHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelLifecycleHandler.class);

    private final ChannelEvents events;
    private final String endpoint;
    private final ChannelGroup channels;

    /** @param channels every connection joins this group while it is open, so the endpoint can close them all */
    ChannelLifecycleHandler(ChannelEvents events, String endpoint, ChannelGroup channels) {
        this.events = events;
        this.endpoint = endpoint;
        this.channels = channels;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channels.add(ctx.channel());
        NettyRemotingChannel rc = NettyRemotingChannel.of(ctx.channel());
        rc.remoteAddress(); // cache while the socket still knows it
        rc.localAddress();
        LOG.debug("{}: connection {} open", endpoint, rc);
        events.connected(rc);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NettyRemotingChannel rc = NettyRemotingChannel.of(ctx.channel());
        LOG.debug("{}: connection {} closed", endpoint, rc);
        rc.pending().failAll(new RemotingConnectException(
                "connection to " + rc.remoteAddress() + " closed before the response arrived"));
        events.closed(rc);
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.ALL_IDLE) {
            NettyRemotingChannel rc = NettyRemotingChannel.of(ctx.channel());
            LOG.info("{}: closing idle connection {}", endpoint, rc);
            events.idle(rc);
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        NettyRemotingChannel rc = NettyRemotingChannel.of(ctx.channel());
        if (cause instanceof IOException) {
            LOG.debug("{}: I/O error on {}: {}", endpoint, rc, cause.toString());
        } else {
            LOG.warn("{}: closing {} after an unexpected error", endpoint, rc, cause);
        }
        ctx.close();
    }
}
