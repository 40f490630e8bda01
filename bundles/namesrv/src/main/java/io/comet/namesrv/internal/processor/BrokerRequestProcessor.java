package io.comet.namesrv.internal.processor;

import io.comet.common.DataVersion;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.RegisterBrokerBody;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.namesrv.Namesrv;
import io.comet.namesrv.internal.kv.KvConfigStore;
import io.comet.namesrv.internal.route.BrokerRegistration;
import io.comet.namesrv.internal.route.BrokerRegistry;
import io.comet.namesrv.internal.route.RegisterResult;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests brokers send: REGISTER_BROKER (103), UNREGISTER_BROKER (104), QUERY_DATA_VERSION (322) and the 5.x
 * BROKER_HEARTBEAT (904).
 */
public final class BrokerRequestProcessor extends NamesrvProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqNamesrv");
    /** Brokers older than 3.0.11 (version ordinal 37) send the topic table itself as the body. */
    static final int V3_0_11 = 37;
    /** 5.x ext field carrying the broker's zone. */
    static final String ZONE_NAME = "__ZONE_NAME";

    private final BrokerRegistry registry;
    private final KvConfigStore kv;
    private final Supplier<Tunables> tunables;

    public BrokerRequestProcessor(BrokerRegistry registry, KvConfigStore kv, Supplier<Tunables> tunables) {
        this.registry = registry;
        this.kv = kv;
        this.tunables = tunables;
    }

    @Override
    public int[] codes() {
        return new int[] {RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER, RequestCode.QUERY_DATA_VERSION,
                RequestCode.BROKER_HEARTBEAT};
    }

    @Override
    RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        return switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> register(channel, request);
            case RequestCode.UNREGISTER_BROKER -> unregister(request);
            case RequestCode.QUERY_DATA_VERSION -> queryDataVersion(request);
            case RequestCode.BROKER_HEARTBEAT -> heartbeat(request);
            default -> throw new RemotingCommandException("request code " + request.code() + " is not served here");
        };
    }

    private RemotingCommand register(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        String brokerName = request.requireField("brokerName");
        String brokerAddr = request.requireField("brokerAddr");
        String cluster = request.requireField("clusterName");
        String haServerAddr = request.requireField("haServerAddr");
        long brokerId = request.requireLong("brokerId");
        boolean compressed = request.boolField("compressed", false);
        int bodyCrc32 = request.intField("bodyCrc32", 0);
        byte[] body = request.body();
        if (bodyCrc32 != 0 && crc32(body) != bodyCrc32) {
            LOG.warn("receive registerBroker request, crc32 not match, from {}", remote(channel));
            return error(request, "crc32 not match");
        }
        String timeoutField = request.field("heartbeatTimeoutMillis");
        Long heartbeatTimeout = timeoutField == null || timeoutField.isBlank() ? null
                : request.longField("heartbeatTimeoutMillis", 0);
        String acting = request.field("enableActingMaster");
        Boolean enableActingMaster = acting == null ? null : Boolean.parseBoolean(acting.trim());

        TopicConfigSerializeWrapper topics;
        java.util.List<String> filterServers = null;
        if (body == null || body.length == 0) {
            topics = new TopicConfigSerializeWrapper(Map.of(), DataVersion.zero());
            filterServers = java.util.List.of();
        } else if (request.version() < V3_0_11) {
            topics = Json.fromBytes(body, TopicConfigSerializeWrapper.class);
        } else {
            RegisterBrokerBody decoded = RegisterBrokerBody.decode(body, compressed);
            topics = decoded.topicConfigSerializeWrapper();
            filterServers = decoded.filterServerList();
        }
        RegisterResult result = registry.register(new BrokerRegistration(cluster, brokerAddr, brokerName, brokerId,
                haServerAddr, request.field(ZONE_NAME), heartbeatTimeout, enableActingMaster, topics, filterServers,
                channel));
        if (result.connectionClosed()) {
            return error(request, "the connection closed before the registration was processed");
        }
        RemotingCommand response = ok(request)
                .put("haServerAddr", result.haServerAddr())
                .put("masterAddr", result.masterAddr());
        if (tunables.get().returnOrderTopicConfigToBroker()) {
            Map<String, String> orderConf = kv.namespace(Namesrv.NAMESPACE_ORDER_TOPIC_CONFIG);
            if (orderConf != null) {
                response.body(Json.toBytes(new KVTable(orderConf)));
            }
        }
        return response;
    }

    /** RocketMQ's body checksum: CRC32 masked to a non-negative int; an absent body sums to 0. */
    static int crc32(byte[] body) {
        if (body == null) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    private RemotingCommand unregister(RemotingCommand request) throws RemotingCommandException {
        String brokerName = request.requireField("brokerName");
        String brokerAddr = request.requireField("brokerAddr");
        String cluster = request.requireField("clusterName");
        request.requireLong("brokerId");
        registry.unregister(cluster, brokerAddr, brokerName);
        return ok(request);
    }

    private RemotingCommand queryDataVersion(RemotingCommand request) throws RemotingCommandException {
        request.requireField("brokerName");
        String brokerAddr = request.requireField("brokerAddr");
        String cluster = request.requireField("clusterName");
        request.requireLong("brokerId");
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            return error(request, "QUERY_DATA_VERSION needs the broker's DataVersion as body");
        }
        DataVersion brokerVersion = Json.fromBytes(body, DataVersion.class);
        DataVersion known = registry.dataVersionOf(cluster, brokerAddr);
        boolean changed = known == null || !known.equals(brokerVersion);
        registry.touch(cluster, brokerAddr);
        RemotingCommand response = ok(request).put("changed", changed);
        if (known != null) {
            response.body(Json.toBytes(known));
        }
        return response;
    }

    private RemotingCommand heartbeat(RemotingCommand request) throws RemotingCommandException {
        String cluster = request.requireField("clusterName");
        String brokerAddr = request.requireField("brokerAddr");
        request.requireField("brokerName");
        registry.touch(cluster, brokerAddr);
        return ok(request);
    }
}
