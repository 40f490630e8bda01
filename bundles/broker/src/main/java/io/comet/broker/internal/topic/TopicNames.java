package io.comet.broker.internal.topic;

import java.util.Set;

/**
 * Names of RocketMQ's system topics and topic-name rules: at most 127 characters of {@code [%|a-zA-Z0-9_-]}.
 * Retry topics are {@code %RETRY%<group>}, dead-letter topics {@code %DLQ%<group>}.
 */
public final class TopicNames {
    private TopicNames() {}

    /** Template of auto-created topics (perm 7 = read + write + inherit). */
    public static final String AUTO_CREATE_TOPIC_KEY = "TBW102";
    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String BENCHMARK_TOPIC = "BenchmarkTest";
    public static final String OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";
    /** Delayed messages wait here, queue = delay level - 1. */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    /** Transactional half messages wait here (queue 0). */
    public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    /** Commit/rollback records of half messages (queue 0). */
    public static final String TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Half messages checked back too often end here. */
    public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    public static final String DEFAULT_TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    public static final String REPLY_TOPIC_SUFFIX = "_REPLY_TOPIC";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";
    public static final int MAX_LENGTH = 127;

    /** Topics producers may not send to. */
    private static final Set<String> NOT_SENDABLE = Set.of(SCHEDULE_TOPIC, TRANS_HALF_TOPIC, TRANS_OP_HALF_TOPIC,
            TRANS_CHECK_MAX_TIME_TOPIC, SELF_TEST_TOPIC, OFFSET_MOVED_EVENT);

    /** Topics the broker creates and manages itself: admin requests may not change or delete them. */
    private static final Set<String> SYSTEM = Set.of(AUTO_CREATE_TOPIC_KEY, SCHEDULE_TOPIC, BENCHMARK_TOPIC,
            TRANS_HALF_TOPIC, TRANS_OP_HALF_TOPIC, TRANS_CHECK_MAX_TIME_TOPIC, SELF_TEST_TOPIC, OFFSET_MOVED_EVENT,
            DEFAULT_TRACE_TOPIC);

    /** True for the broker's own topics, including those named after its cluster and broker name. */
    public static boolean isSystem(String topic, String clusterName, String brokerName) {
        return SYSTEM.contains(topic) || topic.startsWith("rmq_sys_") || topic.equals(clusterName)
                || topic.equals(brokerName) || topic.equals(clusterName + REPLY_TOPIC_SUFFIX);
    }

    public static boolean isRetry(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    public static boolean isDlq(String topic) {
        return topic.startsWith(DLQ_PREFIX);
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    /** The group of a {@code %RETRY%group} topic. */
    public static String groupOfRetry(String retryTopic) {
        return retryTopic.substring(RETRY_PREFIX.length());
    }

    public static boolean isSendForbidden(String topic) {
        return NOT_SENDABLE.contains(topic);
    }

    /** Null when {@code topic} is a valid name, else a message saying what is wrong with it. */
    public static String validate(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "the topic name is empty";
        }
        if (topic.length() > MAX_LENGTH) {
            return "the topic[" + topic + "] is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-';
            if (!ok) {
                return "the topic[" + topic + "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
            }
        }
        return null;
    }
}
