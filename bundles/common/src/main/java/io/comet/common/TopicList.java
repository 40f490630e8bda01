package io.comet.common;

import java.util.List;

/**
 * A list of topic names (GET_ALL_TOPIC_LIST_FROM_NAMESERVER, GET_TOPICS_BY_CLUSTER,
 * GET_SYSTEM_TOPIC_LIST_FROM_NS). JSON: {@code {"topicList":["TBW102","TopicTest"]}}; {@code brokerAddr} is
 * present only in the system-topic list, where it names a broker to ask for more.
 */
public record TopicList(List<String> topicList, String brokerAddr) {
    public TopicList {
        topicList = topicList == null ? List.of() : List.copyOf(topicList);
    }

    public static TopicList of(List<String> topics) {
        return new TopicList(topics, null);
    }
}
