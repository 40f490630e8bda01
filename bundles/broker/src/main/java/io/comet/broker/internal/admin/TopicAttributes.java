package io.comet.broker.internal.admin;

import java.util.Map;
import java.util.TreeMap;

/**
 * RocketMQ 5.x topic attribute edits as UPDATE_AND_CREATE_TOPIC carries them: {@code +key=value} sets,
 * {@code -key} removes, entries separated by commas; empty text changes nothing.
 */
final class TopicAttributes {
    private TopicAttributes() {}

    /**
     * The attributes after the edits.
     *
     * @throws IllegalArgumentException naming the entry that is neither {@code +k=v} nor {@code -k}
     */
    static Map<String, String> apply(Map<String, String> current, String edits) {
        Map<String, String> result = new TreeMap<>(current);
        if (edits == null || edits.isBlank()) {
            return result;
        }
        for (String raw : edits.split(",")) {
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.startsWith("+")) {
                int eq = e.indexOf('=');
                if (eq <= 1) {
                    throw new IllegalArgumentException("topic attribute '" + e + "' is not +key=value");
                }
                result.put(e.substring(1, eq), e.substring(eq + 1));
            } else if (e.startsWith("-") && e.length() > 1 && e.indexOf('=') < 0) {
                result.remove(e.substring(1));
            } else {
                throw new IllegalArgumentException("topic attribute '" + e + "' is not +key=value or -key");
            }
        }
        return result;
    }
}
