package io.comet.broker.internal.slave;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.ServerSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A NameServer stand-in on 127.0.0.1: answers REGISTER_BROKER and UNREGISTER_BROKER with success and
 * GET_BROKER_CLUSTER_INFO with broker-a whose master address the test sets (null = no master registered).
 */
public final class ClusterInfoServer implements AutoCloseable {
    private final RemotingServer server;
    private volatile String master;

    public ClusterInfoServer() {
        server = Remoting.newServer(ServerSettings.of("fake-ns", "127.0.0.1", 0));
        server.registerProcessor((channel, request) -> {
            RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
            if (request.code() == RequestCode.GET_BROKER_CLUSTER_INFO) {
                TreeMap<Long, String> addrs = new TreeMap<>();
                String m = master;
                if (m != null) {
                    addrs.put(0L, m);
                }
                addrs.put(1L, "127.0.0.1:1");
                ClusterInfo info = new ClusterInfo(Map.of("broker-a",
                        new BrokerData("DefaultCluster", "broker-a", addrs, null, false)),
                        Map.of("DefaultCluster", List.of("broker-a")));
                response.body(Json.toBytes(info));
            }
            return CompletableFuture.completedFuture(response);
        }, "default", RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER, RequestCode.GET_BROKER_CLUSTER_INFO);
    }

    public String address() {
        return "127.0.0.1:" + server.port();
    }

    /** The master address the NameServer reports for broker-a (null: none). */
    public void master(String address) {
        master = address;
    }

    @Override
    public void close() {
        server.close();
    }
}
