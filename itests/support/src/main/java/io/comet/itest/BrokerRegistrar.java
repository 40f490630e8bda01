package io.comet.itest;

import io.comet.common.Json;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a broker towards a NameServer with Comet's own remoting client: REGISTER_BROKER with a topic table and
 * data version, UNREGISTER_BROKER. Closing it closes the connection, which a NameServer must notice at once.
 */
public final class BrokerRegistrar implements AutoCloseable {
    /** One topic as a broker declares it. */
    public record Topic(String name, int readQueues, int writeQueues, int perm) {}

    private final RemotingClient client = Remoting.newClient(ClientSettings.defaults());
    private final String namesrv;
    private long counter;

    public BrokerRegistrar(String namesrvAddress) {
        this.namesrv = namesrvAddress;
    }

    /** Registers (or refreshes) a broker; returns the NameServer's response. */
    public RemotingCommand register(String cluster, String brokerName, long brokerId, String brokerAddr,
                                    String haAddr, List<Topic> topics) throws RemotingException {
        Map<String, Object> table = new LinkedHashMap<>();
        for (Topic t : topics) {
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("topicName", t.name());
            cfg.put("readQueueNums", t.readQueues());
            cfg.put("writeQueueNums", t.writeQueues());
            cfg.put("perm", t.perm());
            cfg.put("topicFilterType", "SINGLE_TAG");
            cfg.put("topicSysFlag", 0);
            cfg.put("order", false);
            cfg.put("attributes", Map.of());
            table.put(t.name(), cfg);
        }
        Map<String, Object> wrapper = new LinkedHashMap<>();
        wrapper.put("topicConfigTable", table);
        wrapper.put("dataVersion", Map.of("counter", ++counter, "stateVersion", 0, "timestamp", System.currentTimeMillis()));
        Map<String, Object> body = Map.of("topicConfigSerializeWrapper", wrapper, "filterServerList", List.of());
        RemotingCommand req = RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .put("brokerName", brokerName).put("brokerAddr", brokerAddr).put("clusterName", cluster)
                .put("haServerAddr", haAddr).put("brokerId", brokerId).put("compressed", false).put("bodyCrc32", 0)
                .body(Json.toBytes(body));
        RemotingCommand resp = client.invokeSync(namesrv, req, 5000);
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("REGISTER_BROKER answered " + resp.code() + ": " + resp.remark());
        }
        return resp;
    }

    public void unregister(String cluster, String brokerName, long brokerId, String brokerAddr) throws RemotingException {
        RemotingCommand req = RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                .put("brokerName", brokerName).put("brokerAddr", brokerAddr).put("clusterName", cluster)
                .put("brokerId", brokerId);
        RemotingCommand resp = client.invokeSync(namesrv, req, 5000);
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("UNREGISTER_BROKER answered " + resp.code() + ": " + resp.remark());
        }
    }

    /** Sends any request to the NameServer. */
    public RemotingCommand call(RemotingCommand request) throws RemotingException {
        return client.invokeSync(namesrv, request, 5000);
    }

    @Override
    public void close() {
        client.close();
    }
}
