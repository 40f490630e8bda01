package io.comet.broker.internal.admin;

import java.util.Map;

/** {@code key=value} lines as RocketMQ writes configurations, escaping only what {@code Properties.load} eats. */
final class PropertiesText {
    private PropertiesText() {}

    static String of(Map<String, String> config) {
        StringBuilder sb = new StringBuilder();
        config.forEach((k, v) -> {
            if (v != null) {
                sb.append(escape(k)).append('=').append(escape(v)).append('\n');
            }
        });
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
