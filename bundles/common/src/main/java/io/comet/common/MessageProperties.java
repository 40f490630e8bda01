package io.comet.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message's properties in RocketMQ's string form: {@code name \u0001 value \u0002} repeated (the last separator
 * may be missing). Names and values must not contain the two separator characters.
 */
public final class MessageProperties {
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';

    /** Space-separated business keys; each is indexed. */
    public static final String KEYS = "KEYS";
    /** The message's tag; its {@code String.hashCode()} is the consume-queue tag code. */
    public static final String TAGS = "TAGS";
    /** The client's unique message id; indexed. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    /** "false" asks the broker not to wait for the flush before answering. */
    public static final String WAIT = "WAIT";
    public static final String DELAY = "DELAY";
    /** Largest encoded properties length in bytes (a signed 16-bit length field). */
    public static final int MAX_LENGTH = Short.MAX_VALUE;

    private MessageProperties() {}

    /** Encodes {@code props} in iteration order. Throws when a name or value contains a separator. */
    public static String encode(Map<String, String> props) {
        StringBuilder sb = new StringBuilder(props.size() * 24);
        for (Map.Entry<String, String> e : props.entrySet()) {
            check(e.getKey(), "name");
            check(e.getValue(), "value of " + e.getKey());
            sb.append(e.getKey()).append(NAME_VALUE_SEPARATOR).append(e.getValue()).append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /** Decodes the string form; entries without a separator are ignored, as RocketMQ does. */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        int start = 0;
        int n = encoded.length();
        while (start < n) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = n;
            }
            int sep = encoded.indexOf(NAME_VALUE_SEPARATOR, start);
            if (sep > start && sep < end) {
                out.put(encoded.substring(start, sep), encoded.substring(sep + 1, end));
            }
            start = end + 1;
        }
        return out;
    }

    /** The value of {@code name} in the encoded string, or {@code null}; does not build a map. */
    public static String get(String encoded, String name) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        int n = encoded.length();
        int start = 0;
        while (start < n) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = n;
            }
            int nameEnd = start + name.length();
            if (nameEnd < end && encoded.charAt(nameEnd) == NAME_VALUE_SEPARATOR
                    && encoded.regionMatches(start, name, 0, name.length())) {
                return encoded.substring(nameEnd + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    private static void check(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException("message property " + what + " is null");
        }
        if (s.indexOf(NAME_VALUE_SEPARATOR) >= 0 || s.indexOf(PROPERTY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("message property " + what + " contains a separator character (\\u0001 or \\u0002): " + s);
        }
    }
}
