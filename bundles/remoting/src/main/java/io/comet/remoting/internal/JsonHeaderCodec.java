package io.comet.remoting.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
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
 * <p>Writing ({@link JsonHeaderWriter}): keys in alphabetical order, {@code remark} and {@code extFields} omitted
 * when null, control characters (the property separators 0x01 and 0x02) escaped as unicode escapes.
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

    private JsonHeaderCodec() {}

    /** Writes the header of {@code cmd} at the writer index of {@code out} ({@link JsonHeaderWriter}). */
    static void encode(RemotingCommand cmd, ByteBuf out) {
        JsonHeaderWriter.write(cmd, out);
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
