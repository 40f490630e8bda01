package io.comet.broker.internal.send;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of SEND_BATCH_MESSAGE (320): inner messages one after another, each (integers big-endian)
 * <pre>
 * int32 totalSize      22 + bodyLength + propertiesLength (counts itself)
 * int32 magicCode      0 (not checked)
 * int32 bodyCRC        0 (not checked)
 * int32 flag
 * int32 bodyLength,   bodyLength bytes body
 * int16 propertiesLength, propertiesLength bytes UTF-8 properties
 * </pre>
 * Each inner body is copied out once (into the array the stored record is built from).
 */
public final class BatchDecoder {
    /** Fixed bytes of an inner message besides body and properties. */
    static final int FIXED = 22;

    /** One inner message. */
    public record Inner(int flag, byte[] body, String properties) {}

    private BatchDecoder() {}

    /**
     * Decodes every inner message.
     *
     * @throws IllegalArgumentException naming the message index and the inconsistency when the body is malformed
     */
    public static List<Inner> decode(byte[] batch) {
        if (batch == null || batch.length == 0) {
            throw new IllegalArgumentException("the batch body is empty");
        }
        ByteBuffer b = ByteBuffer.wrap(batch);
        List<Inner> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int index = out.size();
            int start = b.position();
            if (b.remaining() < FIXED) {
                throw bad(index, "only " + b.remaining() + " bytes left, less than the " + FIXED + "-byte minimum");
            }
            int total = b.getInt();
            b.getInt(); // magic
            b.getInt(); // body CRC
            int flag = b.getInt();
            int bodyLength = b.getInt();
            if (bodyLength < 0 || bodyLength > b.remaining() - 2) {
                throw bad(index, "body length " + bodyLength + " overruns the batch");
            }
            byte[] body = new byte[bodyLength];
            b.get(body);
            int propsLength = b.getShort();
            if (propsLength < 0 || propsLength > b.remaining()) {
                throw bad(index, "properties length " + propsLength + " overruns the batch");
            }
            String props = new String(batch, b.position(), propsLength, StandardCharsets.UTF_8);
            b.position(b.position() + propsLength);
            if (total != b.position() - start) {
                throw bad(index, "totalSize " + total + " does not match its " + (b.position() - start) + " bytes");
            }
            out.add(new Inner(flag, body, props));
        }
        return out;
    }

    private static IllegalArgumentException bad(int index, String what) {
        return new IllegalArgumentException("malformed batch body: message " + index + ": " + what);
    }
}
