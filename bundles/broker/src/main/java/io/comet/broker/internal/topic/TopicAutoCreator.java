package io.comet.broker.internal.topic;

import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Creates topics on first use, as RocketMQ's broker does on a send:
 * <ul>
 *   <li>a {@code %RETRY%group} or {@code %DLQ%group} topic: 1 queue, perm 6;</li>
 *   <li>any other topic from the template named by the sender ({@code defaultTopic}, normally {@code TBW102}),
 *       only when the template exists and its perm has INHERIT (0x1): queues = {@code min(requested, template
 *       writeQueueNums)} (at least 1), perm = the template's without INHERIT, the template's filter type. With
 *       {@code autoCreateTopicEnable=false}, TBW102 never serves as a template.</li>
 * </ul>
 * A created topic goes through {@link TopicConfigManager#putIfAbsent}, which persists it and triggers the
 * registration with the NameServers.
 */
public final class TopicAutoCreator {
    /** Queues of retry and dead-letter topics. */
    public static final int GROUP_TOPIC_QUEUES = 1;

    private final TopicConfigManager topics;
    private final BooleanSupplier autoCreateTopicEnable;

    public TopicAutoCreator(TopicConfigManager topics, BooleanSupplier autoCreateTopicEnable) {
        this.topics = topics;
        this.autoCreateTopicEnable = autoCreateTopicEnable;
    }

    /**
     * The configuration of {@code topic} for a send, created when the rules allow it; {@code null} when the topic
     * does not exist and may not be created (the sender gets TOPIC_NOT_EXIST).
     */
    public TopicConfig forSend(String topic, String defaultTopic, int requestedQueueNums) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        if (TopicNames.isRetry(topic) || TopicNames.isDlq(topic)) {
            return groupTopic(topic);
        }
        if (defaultTopic == null) {
            return null;
        }
        TopicConfig template = topics.get(defaultTopic);
        if (template == null || !PermName.isInherited(template.perm())) {
            return null;
        }
        if (TopicNames.AUTO_CREATE_TOPIC_KEY.equals(defaultTopic) && !autoCreateTopicEnable.getAsBoolean()) {
            return null;
        }
        int queues = Math.max(1, Math.min(requestedQueueNums, template.writeQueueNums()));
        TopicFilterType filter = template.topicFilterType();
        return topics.putIfAbsent(new TopicConfig(topic, queues, queues, template.perm() & ~PermName.PERM_INHERIT,
                filter, 0, false, Map.of()));
    }

    /** The retry or dead-letter topic {@code topic}, created with 1 queue and perm 6 when missing. */
    public TopicConfig groupTopic(String topic) {
        TopicConfig existing = topics.get(topic);
        return existing != null ? existing
                : topics.putIfAbsent(TopicConfig.of(topic, GROUP_TOPIC_QUEUES, GROUP_TOPIC_QUEUES));
    }
}
