package io.comet.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration as RocketMQ's properties text, the body of GET/UPDATE_BROKER_CONFIG and GET/UPDATE_NAMESRV_CONFIG
 * and the lines of a node's {@code .properties} file.
 *
 * <p><b>Format.</b> One {@code key=value} line per entry, each ended by {@code \n}, in the map's order. The text
 * is what {@link Properties#load(java.io.Reader)} reads back to exactly the same keys and values: backslash,
 * tab, newline, carriage return and form feed are escaped as <code>\\ \t \n \r \f</code>; in keys also space,
 * {@code = : # !}; in values a leading space, {@code #} or {@code !}; other control characters and characters
 * outside ISO-8859-1 as <code>&#92;uXXXX</code> (so the text survives being written as ISO-8859-1, as RocketMQ
 * reads its files, or as UTF-8, as the remoting bodies are).
 */
public final class ConfigText {
    private ConfigText() {}

    /** The entries as {@code key=value\n} lines in map order; entries with a {@code null} value are left out. */
    public static String format(Map<String, String> config) {
        StringBuilder sb = new StringBuilder();
        config.forEach((k, v) -> {
            if (v != null) {
                sb.append(line(k, v)).append('\n');
            }
        });
        return sb.toString();
    }

    /** One {@code key=value} line, without terminator. */
    public static String line(String key, String value) {
        return escape(key, true) + "=" + escape(value, false);
    }

    /**
     * Reads properties text as {@link Properties#load(java.io.Reader)} does (values are not trimmed), keys in
     * the order they first appear, the last value of a repeated key winning.
     *
     * @throws IllegalArgumentException when the text cannot be read (a malformed <code>&#92;u</code> escape)
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        Properties reader = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                entries.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try {
            reader.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not properties text: " + e.getMessage(), e);
        }
        return entries;
    }

    private static String escape(String s, boolean isKey) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\f' -> b.append("\\f");
                case ' ' -> b.append(isKey || i == 0 ? "\\ " : " ");
                case '=', ':', '#', '!' -> b.append(isKey || (i == 0 && (c == '#' || c == '!')) ? "\\" + c : c);
                default -> {
                    if (c < 0x20 || c > 0xff) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
