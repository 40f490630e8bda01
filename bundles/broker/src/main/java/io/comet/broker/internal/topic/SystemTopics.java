package io.comet.broker.internal.topic;

import io.comet.broker.internal.BrokerSettings;
import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topics a broker creates at start (read/write queues; perm 6 unless noted), as RocketMQ's broker:
 * <ul>
 *   <li>{@code SELF_TEST_TOPIC} 1/1;</li>
 *   <li>{@code TBW102} {@code defaultTopicQueueNums} (8) each, perm 7, only with {@code autoCreateTopicEnable};</li>
 *   <li>{@code BenchmarkTest} 1024/1024;</li>
 *   <li>{@code <brokerClusterName>} 16/16 and {@code <brokerName>} 1/1: perm 7 when {@code clusterTopicEnable} /
 *       {@code brokerTopicEnable} (the default), else perm 1;</li>
 *   <li>{@code OFFSET_MOVED_EVENT} 1/1; {@code SCHEDULE_TOPIC_XXXX} one queue per delay level (18);</li>
 *   <li>{@code RMQ_SYS_TRACE_TOPIC} (or {@code msgTraceTopicName}) 1/1, only with {@code traceTopicEnable};</li>
 *   <li>{@code <brokerClusterName>_REPLY_TOPIC} 1/1;</li>
 *   <li>{@code RMQ_SYS_TRANS_HALF_TOPIC} and {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} 1/1.</li>
 * </ul>
 * Existing entries (from {@code topics.json}) are kept as they are.
 */
public final class SystemTopics {
    private SystemTopics() {}

    public static List<TopicConfig> of(BrokerSettings s) {
        List<TopicConfig> list = new ArrayList<>();
        list.add(TopicConfig.of(TopicNames.SELF_TEST_TOPIC, 1, 1));
        if (s.config().autoCreateTopicEnable()) {
            int n = s.config().defaultTopicQueueNums();
            list.add(perm(TopicConfig.of(TopicNames.AUTO_CREATE_TOPIC_KEY, n, n),
                    PermName.PERM_READ_WRITE | PermName.PERM_INHERIT));
        }
        list.add(TopicConfig.of(TopicNames.BENCHMARK_TOPIC, 1024, 1024));
        list.add(perm(TopicConfig.of(s.clusterName(), 16, 16), s.config().clusterTopicEnable()
                ? PermName.PERM_READ_WRITE | PermName.PERM_INHERIT : PermName.PERM_INHERIT));
        list.add(perm(TopicConfig.of(s.brokerName(), 1, 1), s.config().brokerTopicEnable()
                ? PermName.PERM_READ_WRITE | PermName.PERM_INHERIT : PermName.PERM_INHERIT));
        list.add(TopicConfig.of(TopicNames.OFFSET_MOVED_EVENT, 1, 1));
        int levels = s.delayLevels().count();
        list.add(TopicConfig.of(TopicNames.SCHEDULE_TOPIC, levels, levels));
        if (s.config().traceTopicEnable()) {
            list.add(TopicConfig.of(s.config().msgTraceTopicName(), 1, 1));
        }
        list.add(TopicConfig.of(s.clusterName() + TopicNames.REPLY_TOPIC_SUFFIX, 1, 1));
        list.add(TopicConfig.of(TopicNames.TRANS_HALF_TOPIC, 1, 1));
        list.add(TopicConfig.of(TopicNames.TRANS_OP_HALF_TOPIC, 1, 1));
        return list;
    }

    private static TopicConfig perm(TopicConfig c, int perm) {
        return new TopicConfig(c.topicName(), c.readQueueNums(), c.writeQueueNums(), perm, TopicFilterType.SINGLE_TAG,
                c.topicSysFlag(), c.order(), Map.of());
    }
}
