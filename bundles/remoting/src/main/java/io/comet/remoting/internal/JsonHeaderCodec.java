package io.comet.remoting.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON header (serialize type 0), as RocketMQ's clients write it with fastjson:
 *
 * <pre>
 * {"code":310,"extFields":{"a":"pg",...},"flag":0,"language":"JAVA","opaque":0,"remark":"...",
 *  "serializeTypeCurrentRPC":"JSON","version":475}
 * </pre>
 *
 * <p>Writing: keys in alphabetical order, {@code remark} and {@code extFields} omitted when null, control
 * characters (the property separators 0x01 and 0x02) escaped as {@code \u0001}, straight into the frame buffer
 * with no intermediate copy or reflection.
 *
 * <p>Reading: the usual shape by {@link JsonHeaderReader} (hand-written, no parser set-up); whatever it declines by
 * Jackson's streaming parser, with the same results. Unknown keys are skipped; a missing {@code language} is JAVA and a
 * missing {@code version} is 0; numbers and booleans inside {@code extFields} become strings; a null ext value
 * is dropped. Syntax errors, non-object headers, nested values in {@code extFields} and trailing data fail with
 * {@link FrameFormatException}.
 */
final class JsonHeaderCodec {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonHeaderCodec() {}

    // ---------------------------------------------------------------- writing

    /** Writes the header of {@code cmd} at the writer index of {@code out}. */
    static void encode(RemotingCommand cmd, ByteBuf out) {
        writeAscii(out, "{\"code\":");
        writeInt(out, cmd.code());
        Map<String, String> ext = cmd.extFields();
        if (ext != null) {
            writeAscii(out, ",\"extFields\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : ext.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                writeString(out, e.getKey());
                out.writeByte(':');
                writeString(out, e.getValue());
            }
            out.writeByte('}');
        }
        writeAscii(out, ",\"flag\":");
        writeInt(out, cmd.flag());
        writeAscii(out, ",\"language\":\"");
        writeAscii(out, (cmd.language() == null ? LanguageCode.JAVA : cmd.language()).name());
        writeAscii(out, "\",\"opaque\":");
        writeInt(out, cmd.opaque());
        if (cmd.remark() != null) {
            writeAscii(out, ",\"remark\":");
            writeString(out, cmd.remark());
        }
        writeAscii(out, ",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
        writeInt(out, cmd.version());
        out.writeByte('}');
    }

    private static void writeAscii(ByteBuf out, String s) {
        ByteBufUtil.writeAscii(out, s);
    }

    private static void writeInt(ByteBuf out, int value) {
        if (value == Integer.MIN_VALUE) {
            writeAscii(out, "-2147483648");
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        while (divisor > 0) {
            out.writeByte('0' + value / divisor % 10);
            divisor /= 10;
        }
    }

    /**
     * A JSON string literal; runs without characters to escape are written as UTF-8 in one call. An unpaired
     * surrogate is written as a six-character unicode escape, so it reads back as itself (Netty's UTF-8 writer would
     * replace it and mangle the character after it).
     */
    private static void writeString(ByteBuf out, String s) {
        out.writeByte('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                if (i > start) {
                    ByteBufUtil.writeUtf8(out, s, start, i);
                }
                writeEscape(out, c);
                start = i + 1;
            }
        }
        if (start < n) {
            ByteBufUtil.writeUtf8(out, s, start, n);
        }
        out.writeByte('"');
    }

    private static void writeEscape(ByteBuf out, char c) {
        out.writeByte('\\');
        switch (c) {
            case '"' -> out.writeByte('"');
            case '\\' -> out.writeByte('\\');
            case '\n' -> out.writeByte('n');
            case '\r' -> out.writeByte('r');
            case '\t' -> out.writeByte('t');
            case '\b' -> out.writeByte('b');
            case '\f' -> out.writeByte('f');
            default -> {
                out.writeByte('u').writeByte(HEX[c >> 12]).writeByte(HEX[c >> 8 & 0xF]);
                out.writeByte(HEX[c >> 4 & 0xF]).writeByte(HEX[c & 0xF]);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Decodes {@code length} header bytes starting at {@code index} of {@code in} (absolute indices; the
     * buffer's reader index is not moved).
     */
    static RemotingCommand decode(ByteBuf in, int index, int length) {
        JsonHeaderReader reader = JsonHeaderReader.current();
        byte[] bytes;
        int offset;
        if (in.hasArray()) {
            bytes = in.array();
            offset = in.arrayOffset() + index;
        } else {
            bytes = reader.scratch(length);
            in.getBytes(index, bytes, 0, length);
            offset = 0;
        }
        RemotingCommand cmd = reader.read(bytes, offset, length);
        return cmd != null ? cmd : decodeWithJackson(bytes, offset, length);
    }

    /** The Jackson path: everything {@link JsonHeaderReader} declines, and the reference it is tested against. */
    static RemotingCommand decodeWithJackson(byte[] bytes, int offset, int length) {
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            return read(p);
        } catch (FrameFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FrameFormatException("bad JSON header: " + firstLine(e.getMessage()), e);
        }
    }

    private static RemotingCommand read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new FrameFormatException("bad JSON header: not a JSON object");
        }
        RemotingCommand cmd = RemotingCommand.request(0).version(0).language(LanguageCode.JAVA);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "code" -> cmd.code(intValue(p, v, name));
                case "flag" -> cmd.flag(intValue(p, v, name));
                case "opaque" -> cmd.opaque(intValue(p, v, name));
                case "version" -> cmd.version(intValue(p, v, name));
                case "language" -> cmd.language(language(p, v));
                case "remark" -> cmd.remark(v == JsonToken.VALUE_NULL ? null : scalarText(p, v, name));
                case "extFields" -> cmd.extFields(v == JsonToken.VALUE_NULL ? null : extFields(p, v));
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new FrameFormatException("bad JSON header: unexpected " + t);
        }
        if (p.nextToken() != null) {
            throw new FrameFormatException("bad JSON header: data after the closing brace");
        }
        return cmd;
    }

    private static int intValue(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        if (v == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (v == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(p.getText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new FrameFormatException("bad JSON header: '" + name + "' must be an int, got " + v);
    }

    private static LanguageCode language(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return LanguageCode.ofName(p.getText());
        }
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return LanguageCode.ofCode(p.getIntValue());
        }
        if (v == JsonToken.VALUE_NULL) {
            return LanguageCode.JAVA;
        }
        throw new FrameFormatException("bad JSON header: 'language' must be a name, got " + v);
    }

    private static Map<String, String> extFields(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            throw new FrameFormatException("bad JSON header: 'extFields' must be an object, got " + v);
        }
        Map<String, String> fields = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_NULL) {
                fields.put(key, scalarText(p, value, "extFields." + key));
            }
        }
        return fields;
    }

    /** Strings as they are; numbers and booleans as their JSON text. */
    private static String scalarText(JsonParser p, JsonToken v, String name) throws IOException {
        if (v != null && v.isScalarValue()) {
            return p.getText();
        }
        throw new FrameFormatException("bad JSON header: '" + name + "' must be a string, got " + v);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
