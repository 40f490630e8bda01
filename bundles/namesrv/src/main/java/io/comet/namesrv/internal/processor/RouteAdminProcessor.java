package io.comet.namesrv.internal.processor;

import io.comet.common.Json;
import io.comet.common.TopicRouteData;
import io.comet.namesrv.internal.route.RouteQueries;
import io.comet.namesrv.internal.route.TopicAdmin;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tool requests about clusters and topics: GET_BROKER_CLUSTER_INFO (106), GET_ALL_TOPIC_LIST_FROM_NAMESERVER
 * (206), GET_TOPICS_BY_CLUSTER (224), GET_SYSTEM_TOPIC_LIST_FROM_NS (304), DELETE_TOPIC_IN_NAMESRV (216),
 * REGISTER_TOPIC_IN_NAMESRV (217), WIPE_WRITE_PERM_OF_BROKER (205) and ADD_WRITE_PERM_OF_BROKER (327).
 */
public final class RouteAdminProcessor extends NamesrvProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqNamesrv");
    private final RouteQueries routes;
    private final TopicAdmin admin;
    private final Supplier<Tunables> tunables;

    public RouteAdminProcessor(RouteQueries routes, TopicAdmin admin, Supplier<Tunables> tunables) {
        this.routes = routes;
        this.admin = admin;
        this.tunables = tunables;
    }

    @Override
    public int[] codes() {
        return new int[] {RequestCode.GET_BROKER_CLUSTER_INFO, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
                RequestCode.GET_TOPICS_BY_CLUSTER, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
                RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.REGISTER_TOPIC_IN_NAMESRV,
                RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER};
    }

    @Override
    RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        return switch (request.code()) {
            case RequestCode.GET_BROKER_CLUSTER_INFO -> ok(request).body(routes.encodedClusterInfo());
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> tunables.get().enableAllTopicList()
                    ? ok(request).body(Json.toBytes(routes.allTopics())) : error(request, "disable");
            case RequestCode.GET_TOPICS_BY_CLUSTER -> topicsByCluster(request);
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> ok(request).body(Json.toBytes(routes.systemTopics()));
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> deleteTopic(channel, request);
            case RequestCode.REGISTER_TOPIC_IN_NAMESRV -> registerTopic(request);
            case RequestCode.WIPE_WRITE_PERM_OF_BROKER -> {
                String brokerName = request.requireField("brokerName");
                int count = admin.wipeWritePerm(brokerName);
                LOG.info("wipe write perm of broker[{}], client: {}, {}", brokerName, remote(channel), count);
                yield ok(request).put("wipeTopicCount", count);
            }
            case RequestCode.ADD_WRITE_PERM_OF_BROKER -> {
                String brokerName = request.requireField("brokerName");
                int count = admin.addWritePerm(brokerName);
                LOG.info("add write perm of broker[{}], client: {}, {}", brokerName, remote(channel), count);
                yield ok(request).put("addTopicCount", count);
            }
            default -> throw new RemotingCommandException("request code " + request.code() + " is not served here");
        };
    }

    private RemotingCommand topicsByCluster(RemotingCommand request) throws RemotingCommandException {
        if (!tunables.get().enableTopicList()) {
            return error(request, "disable");
        }
        String cluster = request.requireField("cluster");
        return ok(request).body(Json.toBytes(routes.topicsByCluster(cluster)));
    }

    private RemotingCommand deleteTopic(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        String cluster = request.field("clusterName");
        if (cluster != null && !cluster.isBlank()) {
            admin.deleteTopic(topic, cluster);
        } else {
            admin.deleteTopic(topic);
        }
        LOG.info("delete topic {} in cluster {}, client: {}", topic, cluster == null ? "*" : cluster, remote(channel));
        return ok(request);
    }

    private RemotingCommand registerTopic(RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        byte[] body = request.body();
        if (body != null && body.length > 0) {
            TopicRouteData route = Json.fromBytes(body, TopicRouteData.class);
            if (!route.queueDatas().isEmpty()) {
                admin.registerTopic(topic, route.queueDatas());
            }
        }
        return ok(request);
    }
}
