package io.comet.remoting.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the inbound byte stream into frames and decodes each into a {@link io.comet.remoting.RemotingCommand}
 * (see {@link Frames} for the layout). A frame is decoded only once all its bytes have arrived; a truncated frame
 * simply waits (the idle timeout ends such a connection).
 *
 * <p>Malformed input - a length prefix below 4 or with the prefix above {@code maxFrameLength}, a header length
 * beyond the frame, an unknown serialize type, bad JSON, a binary header whose lengths overrun - closes this
 * connection after exactly one WARN line naming the peer and the reason; everything after it is discarded.
 * One instance per channel.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private final int maxFrameLength;
    private boolean failed;

    /** @param maxFrameLength largest frame accepted, counting the 4-byte length prefix */
    FrameDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int readable = in.readableBytes();
        if (readable < 4) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < 4) {
            fail(ctx, in, "frame length " + length + " is below the 4-byte minimum");
            return;
        }
        if (length + 4L > maxFrameLength) {
            fail(ctx, in, "frame length " + length + " exceeds the maximum frame of " + maxFrameLength + " bytes");
            return;
        }
        if (readable - 4 < length) {
            return;
        }
        ByteBuf frame = in.slice(start + 4, length);
        try {
            out.add(Frames.decode(frame));
            in.skipBytes(4 + length);
        } catch (FrameFormatException e) {
            fail(ctx, in, e.getMessage());
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        LOG.warn("Closing connection from {}: {}", Addresses.remote(ctx.channel()), reason);
        ctx.close();
    }
}
