package io.comet.remoting.internal;

import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the JSON header (format in {@link JsonHeaderCodec}): keys in alphabetical order, {@code remark} and
 * {@code extFields} omitted when null, an ext entry with a null key or value skipped; in strings {@code "} and
 * {@code \} escaped, control characters as {@code \n \r \t \b \f} or a six-character unicode escape (lower-case
 * hex; the property separators 0x01 and 0x02 thus travel escaped), every other character as UTF-8, and an
 * unpaired surrogate as a unicode escape, so it reads back as itself.
 *
 * <p>The header is built in a per-thread scratch array with plain array stores (no bounds check per byte of the
 * target buffer, no intermediate strings) and copied into the frame buffer in one call.
 */
final class JsonHeaderWriter {
    private static final FastThreadLocal<JsonHeaderWriter> WRITERS = new FastThreadLocal<>() {
        @Override
        protected JsonHeaderWriter initialValue() {
            return new JsonHeaderWriter();
        }
    };
    private static final int KEEP_SCRATCH = 64 * 1024;
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] CODE = ascii("{\"code\":");
    private static final byte[] EXT_FIELDS = ascii(",\"extFields\":{");
    private static final byte[] FLAG = ascii(",\"flag\":");
    private static final byte[] LANGUAGE = ascii(",\"language\":\"");
    private static final byte[] OPAQUE = ascii("\",\"opaque\":");
    private static final byte[] REMARK = ascii(",\"remark\":");
    private static final byte[] VERSION = ascii(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
    private static final byte[] MIN_INT = ascii(Integer.toString(Integer.MIN_VALUE));
    private static final byte[][] LANGUAGE_NAMES = Arrays.stream(LanguageCode.values()).map(l -> ascii(l.name()))
            .toArray(byte[][]::new);

    private byte[] buf = new byte[512];
    private int n;

    private JsonHeaderWriter() {}

    /** Writes the header of {@code cmd} at the writer index of {@code out}. */
    static void write(RemotingCommand cmd, ByteBuf out) {
        JsonHeaderWriter w = WRITERS.get();
        w.n = 0;
        w.header(cmd);
        out.writeBytes(w.buf, 0, w.n);
        if (w.buf.length > KEEP_SCRATCH) {
            w.buf = new byte[512];
        }
    }

    private void header(RemotingCommand cmd) {
        raw(CODE);
        integer(cmd.code());
        Map<String, String> ext = cmd.extFields();
        if (ext != null) {
            raw(EXT_FIELDS);
            boolean first = true;
            for (Map.Entry<String, String> e : ext.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    raw((byte) ',');
                }
                first = false;
                string(e.getKey());
                raw((byte) ':');
                string(e.getValue());
            }
            raw((byte) '}');
        }
        raw(FLAG);
        integer(cmd.flag());
        raw(LANGUAGE);
        raw(LANGUAGE_NAMES[(cmd.language() == null ? LanguageCode.JAVA : cmd.language()).ordinal()]);
        raw(OPAQUE);
        integer(cmd.opaque());
        if (cmd.remark() != null) {
            raw(REMARK);
            string(cmd.remark());
        }
        raw(VERSION);
        integer(cmd.version());
        raw((byte) '}');
    }

    private void ensure(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(n + more, buf.length * 2));
        }
    }

    private void raw(byte b) {
        ensure(1);
        buf[n++] = b;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, n, bytes.length);
        n += bytes.length;
    }

    private void integer(int value) {
        if (value == Integer.MIN_VALUE) {
            raw(MIN_INT);
            return;
        }
        ensure(11);
        if (value < 0) {
            buf[n++] = '-';
            value = -value;
        }
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = n + digits - 1; i >= n; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        n += digits;
    }

    /** A string literal; at most 6 bytes per char (a unicode escape), so one capacity check covers it. */
    private void string(String s) {
        int len = s.length();
        ensure(2 + 6 * len);
        byte[] b = buf;
        int i = n;
        b[i++] = '"';
        for (int k = 0; k < len; k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[i++] = (byte) c;
                } else {
                    i = escape(b, i, c);
                }
            } else if (c < 0x800) {
                b[i++] = (byte) (0xC0 | c >> 6);
                b[i++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                b[i++] = (byte) (0xE0 | c >> 12);
                b[i++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[i++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && k + 1 < len && Character.isLowSurrogate(s.charAt(k + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++k));
                b[i++] = (byte) (0xF0 | cp >> 18);
                b[i++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[i++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[i++] = (byte) (0x80 | cp & 0x3F);
            } else {
                i = escape(b, i, c);
            }
        }
        b[i++] = '"';
        n = i;
    }

    private static int escape(byte[] b, int i, char c) {
        b[i++] = '\\';
        switch (c) {
            case '"' -> b[i++] = '"';
            case '\\' -> b[i++] = '\\';
            case '\n' -> b[i++] = 'n';
            case '\r' -> b[i++] = 'r';
            case '\t' -> b[i++] = 't';
            case '\b' -> b[i++] = 'b';
            case '\f' -> b[i++] = 'f';
            default -> {
                b[i++] = 'u';
                b[i++] = HEX[c >> 12];
                b[i++] = HEX[c >> 8 & 0xF];
                b[i++] = HEX[c >> 4 & 0xF];
                b[i++] = HEX[c & 0xF];
            }
        }
        return i;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
