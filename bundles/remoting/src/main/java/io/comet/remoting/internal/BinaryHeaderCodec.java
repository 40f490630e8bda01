package io.comet.remoting.internal;

import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The ROCKETMQ binary header (serialize type 1). All integers big-endian:
 *
 * <pre>
 * offset  size  field
 * 0       2     code (signed short)
 * 2       1     language code byte
 * 3       2     version (signed short)
 * 5       4     opaque
 * 9       4     flag
 * 13      4     remark length R (0 = no remark)
 * 17      R     remark, UTF-8
 * 17+R    4     ext-field block length X (0 = no ext fields)
 * 21+R    X     entries: int16 keyLen, key UTF-8, int32 valLen, value UTF-8
 * </pre>
 *
 * The header length is exactly {@code 21 + R + X}. A zero-length key or value decodes as absent ({@code null});
 * entries with a null key or value are not written. Decoding checks every length against the header bounds and
 * fails with {@link FrameFormatException} naming the field that overruns.
 */
final class BinaryHeaderCodec {
    /** Bytes of the fixed part plus the two length words. */
    static final int FIXED_LENGTH = 21;

    private BinaryHeaderCodec() {}

    /** Writes the header of {@code cmd} at the writer index of {@code out}. */
    static void encode(RemotingCommand cmd, ByteBuf out) {
        String remark = cmd.remark();
        int remarkLength = remark == null || remark.isEmpty() ? 0 : ByteBufUtil.utf8Bytes(remark);
        Map<String, String> ext = cmd.extFields();
        int extLength = extBlockLength(ext);
        out.ensureWritable(FIXED_LENGTH + remarkLength + extLength);
        out.writeShort(cmd.code());
        out.writeByte(cmd.language() == null ? LanguageCode.JAVA.code() : cmd.language().code());
        out.writeShort(cmd.version());
        out.writeInt(cmd.opaque());
        out.writeInt(cmd.flag());
        out.writeInt(remarkLength);
        if (remarkLength > 0) {
            ByteBufUtil.writeUtf8(out, remark);
        }
        out.writeInt(extLength);
        if (extLength > 0) {
            for (Map.Entry<String, String> e : ext.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                int at = out.writerIndex();
                out.writeShort(0);
                out.setShort(at, ByteBufUtil.writeUtf8(out, e.getKey()));
                at = out.writerIndex();
                out.writeInt(0);
                out.setInt(at, ByteBufUtil.writeUtf8(out, e.getValue()));
            }
        }
    }

    private static int extBlockLength(Map<String, String> ext) {
        if (ext == null || ext.isEmpty()) {
            return 0;
        }
        long n = 0;
        for (Map.Entry<String, String> e : ext.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            int keyLength = ByteBufUtil.utf8Bytes(e.getKey());
            if (keyLength > Short.MAX_VALUE) {
                throw new IllegalArgumentException("ext field key of " + keyLength
                        + " UTF-8 bytes is longer than the binary header allows (" + Short.MAX_VALUE + ")");
            }
            n += 2 + keyLength + 4 + ByteBufUtil.utf8Bytes(e.getValue());
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ext fields of " + n + " bytes do not fit a header");
        }
        return (int) n;
    }

    /**
     * Decodes {@code length} header bytes starting at {@code index} of {@code in} (indices are absolute; the
     * buffer's reader index is not moved).
     */
    static RemotingCommand decode(ByteBuf in, int index, int length) {
        if (length < FIXED_LENGTH) {
            throw new FrameFormatException("binary header of " + length + " bytes is shorter than the "
                    + FIXED_LENGTH + "-byte minimum");
        }
        int end = index + length;
        RemotingCommand cmd = RemotingCommand.request(in.getShort(index));
        cmd.language(LanguageCode.ofCode(in.getByte(index + 2)));
        cmd.version(in.getShort(index + 3));
        cmd.opaque(in.getInt(index + 5));
        cmd.flag(in.getInt(index + 9));
        int remarkLength = in.getInt(index + 13);
        int p = index + 17;
        if (remarkLength < 0 || remarkLength > end - p - 4) {
            throw new FrameFormatException("binary header remark length " + remarkLength + " overruns the "
                    + length + "-byte header");
        }
        if (remarkLength > 0) {
            cmd.remark(in.toString(p, remarkLength, StandardCharsets.UTF_8));
            p += remarkLength;
        }
        int extLength = in.getInt(p);
        p += 4;
        if (extLength != end - p) {
            throw new FrameFormatException("binary header ext-field block length " + extLength + " does not match the "
                    + (end - p) + " bytes left in the " + length + "-byte header");
        }
        if (extLength > 0) {
            cmd.extFields(decodeExtFields(in, p, end));
        }
        return cmd;
    }

    private static Map<String, String> decodeExtFields(ByteBuf in, int p, int end) {
        Map<String, String> fields = new HashMap<>();
        while (p < end) {
            if (end - p < 2) {
                throw new FrameFormatException("binary header ext field key length overruns the ext-field block");
            }
            int keyLength = in.getShort(p);
            p += 2;
            if (keyLength < 0 || keyLength > end - p - 4) {
                throw new FrameFormatException("binary header ext field key length " + keyLength
                        + " overruns the ext-field block");
            }
            String key = keyLength == 0 ? null : in.toString(p, keyLength, StandardCharsets.UTF_8);
            p += keyLength;
            int valueLength = in.getInt(p);
            p += 4;
            if (valueLength < 0 || valueLength > end - p) {
                throw new FrameFormatException("binary header ext field '" + key + "' value length " + valueLength
                        + " overruns the ext-field block");
            }
            String value = valueLength == 0 ? null : in.toString(p, valueLength, StandardCharsets.UTF_8);
            p += valueLength;
            if (key != null) {
                fields.put(key, value);
            }
        }
        return fields;
    }
}
