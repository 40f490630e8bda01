package io.comet.common;

import java.util.List;
import java.util.Map;

/**
 * The answer to GET_BROKER_CLUSTER_INFO (mqadmin clusterList).
 * JSON: {@code {"brokerAddrTable":{"broker-a":{BrokerData}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}}.
 *
 * @param brokerAddrTable  brokerName to its group
 * @param clusterAddrTable clusterName to the broker names in it
 */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, List<String>> clusterAddrTable) {
    public ClusterInfo {
        brokerAddrTable = brokerAddrTable == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(brokerAddrTable));
        clusterAddrTable = clusterAddrTable == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(clusterAddrTable));
    }
}
