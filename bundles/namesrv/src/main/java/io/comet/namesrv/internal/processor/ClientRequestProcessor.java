package io.comet.namesrv.internal.processor;

import io.comet.common.Json;
import io.comet.common.TopicRouteData;
import io.comet.namesrv.Namesrv;
import io.comet.namesrv.internal.kv.KvConfigStore;
import io.comet.namesrv.internal.route.RouteQueries;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.util.function.Supplier;

/**
 * GET_ROUTEINFO_BY_TOPIC (105), the request every client sends for every topic every 30 seconds. Answers the
 * cached encoded route (standard JSON with quoted keys, which clients of every version accept) or 17
 * TOPIC_NOT_EXIST. With {@code orderMessageEnable}, a topic that has an entry in the ORDER_TOPIC_CONFIG KV
 * namespace gets it as {@code orderTopicConf}.
 */
public final class ClientRequestProcessor extends NamesrvProcessor {
    private final RouteQueries routes;
    private final KvConfigStore kv;
    private final Supplier<Tunables> tunables;

    public ClientRequestProcessor(RouteQueries routes, KvConfigStore kv, Supplier<Tunables> tunables) {
        this.routes = routes;
        this.kv = kv;
        this.tunables = tunables;
    }

    @Override
    public int[] codes() {
        return new int[] {RequestCode.GET_ROUTEINFO_BY_TOPIC};
    }

    @Override
    RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        byte[] body;
        String orderConf = tunables.get().orderMessageEnable()
                ? kv.get(Namesrv.NAMESPACE_ORDER_TOPIC_CONFIG, topic) : null;
        if (orderConf != null) {
            TopicRouteData route = routes.route(topic);
            body = route == null ? null : Json.toBytes(route.withOrderTopicConf(orderConf));
        } else {
            body = routes.encodedRoute(topic);
        }
        if (body == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + topic);
        }
        return ok(request).body(body);
    }
}
