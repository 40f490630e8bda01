package io.comet.namesrv.internal.route;

import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.remoting.RemotingChannel;
import java.util.List;

/**
 * One REGISTER_BROKER request, decoded.
 *
 * @param cluster                {@code clusterName}
 * @param brokerAddr             {@code ip:listenPort}
 * @param brokerName             the group name
 * @param brokerId               0 = master, 1.. = slaves
 * @param haServerAddr           {@code ip:haPort}
 * @param zoneName               5.x {@code __ZONE_NAME} ext field, or {@code null}
 * @param heartbeatTimeoutMillis 5.x per-broker silence limit, or {@code null} for the NameServer's default
 * @param enableActingMaster     5.x flag, {@code null} when the broker is older than 5.0
 * @param topics                 the broker's topic table and its version
 * @param filterServers          legacy filter servers, or {@code null} to keep what was registered before
 * @param channel                the connection the registration came on, or {@code null}
 */
public record BrokerRegistration(String cluster, String brokerAddr, String brokerName, long brokerId,
                                 String haServerAddr, String zoneName, Long heartbeatTimeoutMillis,
                                 Boolean enableActingMaster, TopicConfigSerializeWrapper topics,
                                 List<String> filterServers, RemotingChannel channel) {

    /** A registration with only the essentials, as a 4.x broker sends it. */
    public static BrokerRegistration of(String cluster, String brokerAddr, String brokerName, long brokerId,
                                        String haServerAddr, TopicConfigSerializeWrapper topics,
                                        RemotingChannel channel) {
        return new BrokerRegistration(cluster, brokerAddr, brokerName, brokerId, haServerAddr, null, null, null,
                topics, List.of(), channel);
    }
}
