package io.comet.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic as a broker holds it.
 *
 * <p>JSON (RocketMQ 5.x; {@code attributes} is absent in 4.x and read as empty):
 * {@code {"attributes":{},"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG",
 * "topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4}}. Missing fields take RocketMQ's defaults:
 * 16 read and 16 write queues, perm 6, SINGLE_TAG, sysFlag 0, not ordered.
 *
 * <p>Compact form, used inside a compressed REGISTER_BROKER body ({@link RegisterBrokerBody}): the fields
 * {@code topicName readQueueNums writeQueueNums perm topicFilterType [attributesJson]} joined by single spaces,
 * e.g. {@code TopicTest 4 4 6 SINGLE_TAG {}}. That form does not carry {@code topicSysFlag} or {@code order}.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm,
                          TopicFilterType topicFilterType, int topicSysFlag, boolean order,
                          Map<String, String> attributes) {
    public static final int DEFAULT_QUEUE_NUMS = 16;

    public TopicConfig {
        if (topicName == null || topicName.isEmpty()) {
            throw new IllegalArgumentException("TopicConfig: topicName is missing");
        }
        topicFilterType = topicFilterType == null ? TopicFilterType.SINGLE_TAG : topicFilterType;
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    @JsonCreator
    static TopicConfig fromJson(@JsonProperty("topicName") String topicName,
                                @JsonProperty("readQueueNums") Integer readQueueNums,
                                @JsonProperty("writeQueueNums") Integer writeQueueNums,
                                @JsonProperty("perm") Integer perm,
                                @JsonProperty("topicFilterType") TopicFilterType topicFilterType,
                                @JsonProperty("topicSysFlag") Integer topicSysFlag,
                                @JsonProperty("order") Boolean order,
                                @JsonProperty("attributes") Map<String, String> attributes) {
        return new TopicConfig(topicName,
                readQueueNums == null ? DEFAULT_QUEUE_NUMS : readQueueNums,
                writeQueueNums == null ? DEFAULT_QUEUE_NUMS : writeQueueNums,
                perm == null ? PermName.PERM_READ_WRITE : perm,
                topicFilterType, topicSysFlag == null ? 0 : topicSysFlag, order != null && order, attributes);
    }

    /** A topic with the given queue counts, perm 6 and every other field at its default. */
    public static TopicConfig of(String topicName, int readQueueNums, int writeQueueNums) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, PermName.PERM_READ_WRITE,
                TopicFilterType.SINGLE_TAG, 0, false, Map.of());
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, topicFilterType, topicSysFlag,
                order, attributes);
    }

    /** The compact, space-separated form (see the class comment). */
    public String toCompactString() {
        return topicName + ' ' + readQueueNums + ' ' + writeQueueNums + ' ' + perm + ' ' + topicFilterType + ' '
                + Json.toString(attributes);
    }

    /**
     * Reads the compact form. RocketMQ 4.x writes it without the attributes; unreadable attributes are dropped
     * as RocketMQ does (a key or value containing a space cannot be told apart from the separator).
     *
     * @throws IllegalArgumentException naming the text when it has fewer than five fields or a bad number
     */
    public static TopicConfig fromCompactString(String text) {
        String[] parts = text.split(" ");
        if (parts.length < 5) {
            throw new IllegalArgumentException("compact topic config needs 'name read write perm filterType', got '" + text + "'");
        }
        try {
            Map<String, String> attributes = Map.of();
            if (parts.length >= 6) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, String> parsed = Json.fromString(parts[5], Map.class);
                    attributes = parsed;
                } catch (IllegalArgumentException ignored) {
                    // RocketMQ ignores attributes it cannot parse, too
                }
            }
            return new TopicConfig(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]), TopicFilterType.valueOf(parts[4]), 0, false, attributes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed compact topic config '" + text + "': " + e.getMessage(), e);
        }
    }
}
