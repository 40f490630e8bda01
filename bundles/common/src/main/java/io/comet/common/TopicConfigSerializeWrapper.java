package io.comet.common;

import java.util.Map;

/**
 * A broker's whole topic table with its version, as it travels in REGISTER_BROKER.
 * JSON: {@code {"dataVersion":{DataVersion},"topicConfigTable":{"TopicTest":{TopicConfig},...}}}. RocketMQ 5.x
 * brokers add {@code mappingDataVersion}, {@code topicQueueMappingInfoMap} and
 * {@code topicQueueMappingDetailMap} (static topics); they are ignored on input.
 */
public record TopicConfigSerializeWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion) {
    public TopicConfigSerializeWrapper {
        topicConfigTable = topicConfigTable == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(topicConfigTable));
        dataVersion = dataVersion == null ? DataVersion.zero() : dataVersion;
    }
}
