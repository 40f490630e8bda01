package io.comet.remoting.internal;

import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link RemotingCommand}s as frames. The length prefix, header and any byte-array body go into one pooled
 * direct buffer; a buffer body ({@link RemotingCommand#bodyBuffers()}) follows as a second write wrapped with
 * {@link Unpooled#wrappedBuffer(ByteBuffer...)} (no copy), and {@link RemotingCommand#releaseBody()} runs when
 * that write completes or fails. Other messages pass through. Stateless and shared.
 */
@ChannelHandler.Sharable
final class CommandEncoder extends ChannelOutboundHandlerAdapter {
    static final CommandEncoder INSTANCE = new CommandEncoder();
    private static final Logger LOG = LoggerFactory.getLogger(CommandEncoder.class);

    private CommandEncoder() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof RemotingCommand cmd)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuffer[] bodyBuffers = cmd.bodyBuffers();
        ByteBuf head;
        try {
            head = Frames.encode(cmd, ctx.alloc());
        } catch (RuntimeException e) {
            LOG.warn("Cannot encode {} for {}: {}", cmd, Addresses.remote(ctx.channel()), e.getMessage());
            cmd.releaseBody();
            promise.setFailure(e);
            return;
        }
        if (bodyBuffers == null) {
            ctx.write(head, promise);
            return;
        }
        ChannelPromise last = promise.unvoid();
        last.addListener(f -> cmd.releaseBody());
        ctx.write(head, ctx.voidPromise());
        ctx.write(Unpooled.wrappedBuffer(bodyBuffers), last);
    }
}
