package io.comet.common;

import java.util.List;
import java.util.Map;

/**
 * The answer to GET_ROUTEINFO_BY_TOPIC: which broker groups host a topic and where they are.
 *
 * <p>JSON: {@code {"brokerDatas":[...],"filterServerTable":{},"queueDatas":[...]}} plus
 * {@code "orderTopicConf":"broker-a:4;broker-b:4"} only for ordered topics. RocketMQ 5.x's
 * {@code topicQueueMappingByBroker} is deliberately not modelled: a non-empty value switches 5.3.1 clients into
 * static-topic ("logical queue") mode.
 *
 * @param orderTopicConf    {@code brokerName:queueNums[;...]}, or {@code null} (omitted)
 * @param queueDatas        one entry per broker group hosting the topic
 * @param brokerDatas       the groups named in {@code queueDatas}
 * @param filterServerTable broker address to filter-server addresses (legacy; normally empty)
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {
    public TopicRouteData {
        queueDatas = queueDatas == null ? List.of() : List.copyOf(queueDatas);
        brokerDatas = brokerDatas == null ? List.of() : List.copyOf(brokerDatas);
        filterServerTable = filterServerTable == null ? Map.of() : Map.copyOf(filterServerTable);
    }

    public TopicRouteData withOrderTopicConf(String conf) {
        return new TopicRouteData(conf, queueDatas, brokerDatas, filterServerTable);
    }
}
