package io.comet.remoting.internal;

import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Hand-written reader for the JSON header shape every client writes (see {@link JsonHeaderCodec} for the format),
 * so the common frame needs no parser set-up and no copy beyond one into a reused scratch array.
 *
 * <p>It reads exactly this subset: one object of {@code code}, {@code flag}, {@code opaque}, {@code version}
 * (int, {@code null}, or a string holding an int), {@code language} (name, code or {@code null}), {@code remark}
 * (string or {@code null}), {@code extFields} ({@code null} or an object whose values are strings, plain
 * integers, {@code true}/{@code false} or {@code null}) and unknown keys with scalar values; JSON whitespace;
 * string escapes {@code \" \\ \/ \b \f \n \r \t \\uXXXX}; raw control characters; well-formed UTF-8.
 * Anything else - nested unknown values, fractions and exponents, a number out of int range, malformed or
 * unusual UTF-8, a byte-order mark, trailing data, syntax errors - makes {@link #read} <em>decline</em> (return
 * {@code null}), and the caller hands the same bytes to Jackson, which decides (and names any error). Whenever it
 * answers, the answer equals Jackson's for the same bytes.
 *
 * <p>Short strings (keys such as {@code "a"}, topic and group names) are looked up in a small per-thread cache
 * of recent strings ({@link StringScratch}), so a steady stream of similar headers allocates little besides the map
 * and the values that differ per message. One instance per thread ({@link #current()}); not thread-safe.
 */
final class JsonHeaderReader extends JsonCursor {
    private static final FastThreadLocal<JsonHeaderReader> READERS = new FastThreadLocal<>() {
        @Override
        protected JsonHeaderReader initialValue() {
            return new JsonHeaderReader();
        }
    };
    /** Scratch arrays above this size are not kept between frames. */
    private static final int KEEP_SCRATCH = 64 * 1024;
    /** Initial map capacity: a send header's 13-14 fields fit without a resize. */
    private static final int EXT_CAPACITY = 32;

    private byte[] scratch = new byte[1024];
    private final StringScratch strings = new StringScratch();

    private JsonHeaderReader() {}

    /** This thread's reader. */
    static JsonHeaderReader current() {
        return READERS.get();
    }

    /** A scratch array of at least {@code length} bytes owned by this reader (valid until the next call). */
    byte[] scratch(int length) {
        if (length <= scratch.length) {
            return scratch;
        }
        byte[] b = new byte[length];
        if (length <= KEEP_SCRATCH) {
            scratch = b;
        }
        return b;
    }

    /** The command in {@code length} bytes of {@code bytes} from {@code offset}, or {@code null} to decline. */
    RemotingCommand read(byte[] bytes, int offset, int length) {
        in = bytes;
        pos = offset;
        end = offset + length;
        try {
            return object();
        } catch (Decline e) {
            return null;
        } finally {
            in = null;
        }
    }

    private RemotingCommand object() {
        skipWhitespace();
        expect('{');
        RemotingCommand cmd = RemotingCommand.request(0).version(0).language(LanguageCode.JAVA);
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            do {
                field(cmd, key());
                skipWhitespace();
            } while (moreMembers());
        }
        skipWhitespace();
        if (pos != end) {
            throw DECLINE;
        }
        return cmd;
    }

    private void field(RemotingCommand cmd, String key) {
        switch (key) {
            case "code" -> cmd.code(intValue());
            case "flag" -> cmd.flag(intValue());
            case "opaque" -> cmd.opaque(intValue());
            case "version" -> cmd.version(intValue());
            case "language" -> cmd.language(language());
            case "remark" -> cmd.remark(nullLiteral() ? null : string());
            case "extFields" -> cmd.extFields(nullLiteral() ? null : extFields());
            default -> scalar();
        }
    }

    private int intValue() {
        byte b = peek();
        if (b == '"') {
            try {
                return Integer.parseInt(string().trim());
            } catch (NumberFormatException e) {
                throw DECLINE;
            }
        }
        if (nullLiteral()) {
            return 0;
        }
        int start = pos;
        number();
        return parseInt(start, pos);
    }

    private LanguageCode language() {
        byte b = peek();
        if (b == '"') {
            return LanguageCode.ofName(string());
        }
        if (nullLiteral()) {
            return LanguageCode.JAVA;
        }
        int start = pos;
        number();
        return LanguageCode.ofCode(parseInt(start, pos));
    }

    private Map<String, String> extFields() {
        expect('{');
        Map<String, String> fields = new HashMap<>(EXT_CAPACITY);
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return fields;
        }
        do {
            String key = key();
            String value = scalar();
            if (value != null) {
                fields.put(key, value);
            }
            skipWhitespace();
        } while (moreMembers());
        return fields;
    }

    /** A string, plain integer or literal as its JSON text ({@code null} for null); anything else declines. */
    private String scalar() {
        byte b = peek();
        if (b == '"') {
            return string();
        }
        if (b == 'n' && literal("null")) {
            return null;
        }
        if (b == 't' && literal("true")) {
            return "true";
        }
        if (b == 'f' && literal("false")) {
            return "false";
        }
        int start = pos;
        number();
        return strings.ascii(in, start, pos);
    }

    private boolean nullLiteral() {
        return peek() == 'n' && literal("null");
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            throw DECLINE;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw DECLINE;
            }
        }
        pos += n;
        return true;
    }

    /** An integer token {@code -?(0|[1-9][0-9]*)} not followed by a fraction or exponent. */
    private void number() {
        if (peek() == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        int n = pos - digits;
        if (n == 0 || (n > 1 && in[digits] == '0')) {
            throw DECLINE;
        }
        if (pos < end && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E')) {
            throw DECLINE;
        }
    }

    private int parseInt(int from, int to) {
        boolean negative = in[from] == '-';
        int i = negative ? from + 1 : from;
        if (to - i > 10) {
            throw DECLINE;
        }
        long value = 0;
        for (; i < to; i++) {
            value = value * 10 + (in[i] - '0');
        }
        value = negative ? -value : value;
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw DECLINE;
        }
        return (int) value;
    }

    /** A string literal at the current position. */
    private String string() {
        expect('"');
        int start = pos;
        while (pos < end) {
            byte b = in[pos];
            if (b == '"') {
                String s = strings.ascii(in, start, pos);
                pos++;
                return s;
            }
            if (b == '\\' || b < 0) {
                return escapedString(start);
            }
            pos++;
        }
        throw DECLINE;
    }

    /**
     * The rest of a string with escapes or non-ASCII characters, from {@code start} (after the quote): built as
     * Latin-1 bytes while every character fits (the usual case: properties with escaped separators), else as chars.
     */
    private String escapedString(int start) {
        int n = pos - start;
        byte[] latin = strings.latin1(n);
        System.arraycopy(in, start, latin, 0, n);
        while (true) {
            byte b = next();
            if (b == '"') {
                return new String(latin, 0, n, StandardCharsets.ISO_8859_1);
            }
            char c;
            if (b == '\\') {
                c = escape();
            } else if (b >= 0) {
                int run = pos - 1;
                while (pos < end && in[pos] >= 0 && in[pos] != '"' && in[pos] != '\\') {
                    pos++;
                }
                latin = strings.latin1(n + pos - run);
                System.arraycopy(in, run, latin, n, pos - run);
                n += pos - run;
                continue;
            } else {
                return wideRest(utf8(strings.widen(latin, n), b & 0xFF));
            }
            if (c > 0xFF) {
                return wideRest(strings.append(strings.widen(latin, n), c));
            }
            latin = strings.latin1(n + 1);
            latin[n++] = (byte) c;
        }
    }

    /** The rest of a string once a character above Latin-1 showed up, after {@code n} chars already decoded. */
    private String wideRest(int n) {
        while (true) {
            byte b = next();
            if (b == '"') {
                return strings.chars(n);
            }
            if (b == '\\') {
                n = strings.append(n, escape());
            } else if (b >= 0) {
                n = strings.append(n, (char) b);
            } else {
                n = utf8(n, b & 0xFF);
            }
        }
    }

    private char escape() {
        byte b = next();
        return switch (b) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> (char) (hex(next()) << 12 | hex(next()) << 8 | hex(next()) << 4 | hex(next()));
            default -> throw DECLINE;
        };
    }

    /** Appends the character of a well-formed, shortest-form UTF-8 sequence whose lead byte is {@code lead}. */
    private int utf8(int n, int lead) {
        int cp;
        int min;
        int more;
        if (lead >= 0xC2 && lead <= 0xDF) {
            cp = lead & 0x1F;
            min = 0x80;
            more = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            cp = lead & 0x0F;
            min = 0x800;
            more = 2;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            cp = lead & 0x07;
            min = 0x10000;
            more = 3;
        } else {
            throw DECLINE;
        }
        for (int i = 0; i < more; i++) {
            int c = next();
            if ((c & 0xC0) != 0x80) {
                throw DECLINE;
            }
            cp = cp << 6 | (c & 0x3F);
        }
        if (cp < min || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw DECLINE;
        }
        if (cp < 0x10000) {
            return strings.append(n, (char) cp);
        }
        return strings.append(strings.append(n, Character.highSurrogate(cp)), Character.lowSurrogate(cp));
    }

    /** A member name and its colon, with the whitespace around them. */
    private String key() {
        skipWhitespace();
        String key = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        return key;
    }

    /** After a member: true on a comma, false on the closing brace. */
    private boolean moreMembers() {
        byte b = next();
        if (b == ',') {
            return true;
        }
        if (b != '}') {
            throw DECLINE;
        }
        return false;
    }
}
