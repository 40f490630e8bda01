package io.comet.broker.internal.slave;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.util.List;

/**
 * Finds the master of a broker group through the NameServers: GET_BROKER_CLUSTER_INFO (106), entry
 * {@code brokerAddrTable[brokerName].brokerAddrs["0"]}. NameServers are asked in order until one answers; the
 * first answer decides (a NameServer that knows no master for the group means there is none now: it drops a
 * master whose connection closed).
 */
final class MasterLocator {
    private final RemotingClient client;
    private final long timeoutMillis;

    MasterLocator(RemotingClient client, long timeoutMillis) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The master's broker address ("ip:port"), or null when no NameServer answered or the answering one has no
     * master registered for {@code brokerName}.
     */
    String masterOf(List<String> nameServers, String brokerName) {
        for (String ns : nameServers) {
            RemotingCommand response;
            try {
                response = client.invokeSync(ns, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO),
                        timeoutMillis);
            } catch (RemotingException | RuntimeException e) {
                continue;
            }
            if (response.code() != ResponseCode.SUCCESS || response.body() == null) {
                continue;
            }
            ClusterInfo info = Json.fromBytes(response.body(), ClusterInfo.class);
            BrokerData group = info.brokerAddrTable().get(brokerName);
            return group == null ? null : group.masterAddr();
        }
        return null;
    }
}
