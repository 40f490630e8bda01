package io.comet.remoting.internal;

import io.comet.remoting.RemotingCommand;
import io.comet.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The remoting frame:
 *
 * <pre>
 * int32 length            = 4 + H + B, everything after this field
 * int32 headerLengthWord  = serializeType (high byte: 0 JSON, 1 ROCKETMQ) | H (low 24 bits)
 * H bytes header          JSON ({@link JsonHeaderCodec}) or binary ({@link BinaryHeaderCodec})
 * B bytes body            B = length - 4 - H; there is no body-length field
 * </pre>
 */
final class Frames {
    /** Largest header length the 24-bit field can carry. */
    static final int MAX_HEADER_LENGTH = 0xFFFFFF;

    private Frames() {}

    /**
     * Encodes the length prefix, header word and header of {@code cmd} into a new pooled I/O buffer, followed by
     * the body when it is a byte array. A buffer body ({@link RemotingCommand#bodyBuffers()}) is not copied: the
     * length prefix counts it and the caller writes it after this buffer.
     */
    static ByteBuf encode(RemotingCommand cmd, ByteBufAllocator alloc) {
        byte[] arrayBody = cmd.bodyBuffers() == null ? cmd.body() : null;
        int bodyLength = cmd.bodyLength();
        int estimate = 8 + 160 + (cmd.extFields() == null ? 0 : cmd.extFields().size() * 48)
                + (arrayBody == null ? 0 : arrayBody.length);
        ByteBuf out = alloc.ioBuffer(estimate);
        try {
            int start = out.writerIndex();
            out.writerIndex(start + 8);
            SerializeType type = cmd.serializeType() == null ? SerializeType.JSON : cmd.serializeType();
            if (type == SerializeType.ROCKETMQ) {
                BinaryHeaderCodec.encode(cmd, out);
            } else {
                JsonHeaderCodec.encode(cmd, out);
            }
            int headerLength = out.writerIndex() - start - 8;
            if (headerLength > MAX_HEADER_LENGTH) {
                throw new IllegalArgumentException("header of " + headerLength + " bytes exceeds the 24-bit limit");
            }
            long length = 4L + headerLength + bodyLength;
            if (length > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("frame of " + length + " bytes exceeds the int32 length field");
            }
            out.setInt(start, (int) length);
            out.setInt(start + 4, (type.code() & 0xFF) << 24 | headerLength);
            if (arrayBody != null) {
                out.writeBytes(arrayBody);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Decodes one frame whose length prefix was already consumed: {@code frame} holds exactly the
     * {@code length} bytes after it. The body is copied out, so the buffer may be released afterwards.
     */
    static RemotingCommand decode(ByteBuf frame) {
        int available = frame.readableBytes();
        if (available < 4) {
            throw new FrameFormatException("frame length " + available + " is below the 4-byte minimum");
        }
        int word = frame.readInt();
        int headerLength = word & MAX_HEADER_LENGTH;
        int typeCode = word >>> 24;
        if (headerLength > available - 4) {
            throw new FrameFormatException("header length " + headerLength + " exceeds the frame's "
                    + (available - 4) + " bytes after the header word");
        }
        SerializeType type = SerializeType.of(typeCode);
        if (type == null) {
            throw new FrameFormatException("unknown serialize type " + typeCode);
        }
        int at = frame.readerIndex();
        RemotingCommand cmd = type == SerializeType.ROCKETMQ
                ? BinaryHeaderCodec.decode(frame, at, headerLength)
                : JsonHeaderCodec.decode(frame, at, headerLength);
        cmd.serializeType(type);
        frame.skipBytes(headerLength);
        int bodyLength = frame.readableBytes();
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            frame.readBytes(body);
            cmd.body(body);
        }
        return cmd;
    }
}
