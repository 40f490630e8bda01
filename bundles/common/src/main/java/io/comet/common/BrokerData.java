package io.comet.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A broker group (one {@code brokerName}: a master and its slaves) as routes and cluster info show it.
 *
 * <p>JSON: {@code {"brokerAddrs":{"0":"10.0.0.1:10911","1":"10.0.0.2:10911"},"brokerName":"broker-a",
 * "cluster":"DefaultCluster","enableActingMaster":false}}. Key {@code "0"} is the master; keys are written
 * quoted (standard JSON), and fastjson's unquoted {@code {0:"..."}} is accepted on input. {@code zoneName} and
 * {@code enableActingMaster} are RocketMQ 5.x fields that 4.x clients ignore; a null zone is omitted.
 */
public record BrokerData(String cluster, String brokerName, SortedMap<Long, String> brokerAddrs, String zoneName,
                         boolean enableActingMaster) {
    /** brokerId of the master. */
    public static final long MASTER_ID = 0L;

    public BrokerData {
        brokerAddrs = brokerAddrs == null ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(brokerAddrs));
    }

    @JsonCreator
    static BrokerData fromJson(@JsonProperty("cluster") String cluster,
                               @JsonProperty("brokerName") String brokerName,
                               @JsonProperty("brokerAddrs") Map<Long, String> brokerAddrs,
                               @JsonProperty("zoneName") String zoneName,
                               @JsonProperty("enableActingMaster") Boolean enableActingMaster) {
        return new BrokerData(cluster, brokerName, brokerAddrs == null ? null : new TreeMap<>(brokerAddrs), zoneName,
                enableActingMaster != null && enableActingMaster);
    }

    /** The master's address, or {@code null} when the group has no master registered. */
    public String masterAddr() {
        return brokerAddrs.get(MASTER_ID);
    }
}
