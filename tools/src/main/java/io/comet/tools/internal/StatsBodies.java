package io.comet.tools.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.common.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Reads broker statistics bodies (TopicStatsTable, ConsumeStats, ResetOffsetBody, ...) whose maps are keyed by
 * MessageQueue. RocketMQ's brokers (fastjson) write such a key as a JSON object
 * ({@code {{"brokerName":"b","queueId":0,"topic":"T"}:{...}}}), which standard parsers refuse; Comet writes it as
 * a string holding that JSON. This reader accepts both: an object or array in key position becomes the key's
 * compact JSON text, so {@link #queue(String)} reads either.
 */
final class StatsBodies {
    private final String text;
    private int pos;

    private StatsBodies(String text) {
        this.text = text;
    }

    /** The body as a tree; malformed JSON throws {@link IllegalArgumentException} naming the position. */
    static JsonNode tree(byte[] body) {
        StatsBodies p = new StatsBodies(new String(body, StandardCharsets.UTF_8));
        JsonNode n = p.value();
        p.skip();
        if (p.pos != p.text.length()) {
            throw p.error("trailing text");
        }
        return n;
    }

    /** A MessageQueue key: {@code {"brokerName":..,"queueId":..,"topic":..}} as text. */
    static JsonNode queue(String key) {
        try {
            return Json.mapper().readTree(key);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a MessageQueue key: " + key, e);
        }
    }

    private JsonNode value() {
        skip();
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': case '\'': return JsonNodeFactory.instance.textNode(string());
            default: return scalar();
        }
    }

    private ObjectNode object() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        pos++;
        skip();
        if (peek() == '}') {
            pos++;
            return o;
        }
        while (true) {
            skip();
            String key;
            char c = peek();
            if (c == '{' || c == '[') {
                key = value().toString();
            } else if (c == '"' || c == '\'') {
                key = string();
            } else {
                int start = pos;
                while (pos < text.length() && text.charAt(pos) != ':' && !Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
                key = text.substring(start, pos);
            }
            skip();
            expect(':');
            o.set(key, value());
            skip();
            char next = text.charAt(pos++);
            if (next == '}') {
                return o;
            }
            if (next != ',') {
                throw error("expected , or }");
            }
        }
    }

    private ArrayNode array() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        pos++;
        skip();
        if (peek() == ']') {
            pos++;
            return a;
        }
        while (true) {
            a.add(value());
            skip();
            char next = text.charAt(pos++);
            if (next == ']') {
                return a;
            }
            if (next != ',') {
                throw error("expected , or ]");
            }
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\') {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u': sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16)); pos += 4; break;
                    default: sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private JsonNode scalar() {
        int start = pos;
        while (pos < text.length() && ",}] \t\r\n:".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String word = text.substring(start, pos);
        switch (word) {
            case "true": return JsonNodeFactory.instance.booleanNode(true);
            case "false": return JsonNodeFactory.instance.booleanNode(false);
            case "null": return JsonNodeFactory.instance.nullNode();
            default:
                try {
                    BigDecimal d = new BigDecimal(word);
                    if (word.indexOf('.') < 0 && word.indexOf('e') < 0 && word.indexOf('E') < 0) {
                        return JsonNodeFactory.instance.numberNode(d.longValueExact());
                    }
                    return JsonNodeFactory.instance.numberNode(d.doubleValue());
                } catch (NumberFormatException | ArithmeticException e) {
                    throw error("unexpected '" + word + "'");
                }
        }
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected " + c);
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON body at " + pos + ": " + what);
    }
}
