package io.comet.tools.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.TopicList;
import io.comet.common.TopicRouteData;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The requests the commands send, typed: name server ones (section 3 of the protocol sheet) and broker admin ones
 * (4.16). Bodies the common module has records for are read into them; the broker's statistics bodies are read as
 * JSON trees ({@link StatsBodies}).
 */
final class Requests {
    /** INVOKE_BROKER_TO_RESET_OFFSET, not in {@link RequestCode}. */
    static final int INVOKE_BROKER_TO_RESET_OFFSET = 222;

    private Requests() { }

    static ClusterInfo clusterInfo(AdminSession s) throws UsageException, AdminException {
        RemotingCommand r = s.namesrv(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
        return Json.fromBytes(body(r), ClusterInfo.class);
    }

    static TopicRouteData route(AdminSession s, String topic) throws UsageException, AdminException {
        RemotingCommand r = s.namesrv(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).put("topic", topic));
        return Json.fromBytes(body(r), TopicRouteData.class);
    }

    static List<String> topicList(AdminSession s) throws UsageException, AdminException {
        RemotingCommand r = s.namesrv(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
        return Json.fromBytes(body(r), TopicList.class).topicList();
    }

    static void putKv(AdminSession s, String ns, String key, String value) throws UsageException, AdminException {
        for (String addr : s.namesrvAddrs()) {
            s.call(addr, RemotingCommand.request(RequestCode.PUT_KV_CONFIG).put("namespace", ns).put("key", key)
                    .put("value", value));
        }
    }

    static void deleteKv(AdminSession s, String ns, String key) throws UsageException, AdminException {
        for (String addr : s.namesrvAddrs()) {
            s.call(addr, RemotingCommand.request(RequestCode.DELETE_KV_CONFIG).put("namespace", ns).put("key", key));
        }
    }

    /** GET_KV_CONFIG; null when the key is not there (22). */
    static String getKv(AdminSession s, String ns, String key) throws UsageException, AdminException {
        RemotingCommand r = s.namesrv(RemotingCommand.request(RequestCode.GET_KV_CONFIG).put("namespace", ns)
                .put("key", key), ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND);
        return r.code() == ResponseCode.SUCCESS ? r.field("value") : null;
    }

    static KVTable kvList(AdminSession s, String ns) throws UsageException, AdminException {
        RemotingCommand r = s.namesrv(RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE).put("namespace", ns));
        return Json.fromBytes(body(r), KVTable.class);
    }

    /** GET_NAMESRV_CONFIG or GET_BROKER_CONFIG of one address: the properties text, sorted. */
    static Map<String, String> config(AdminSession s, String addr, int code) throws AdminException {
        RemotingCommand r = s.call(addr, RemotingCommand.request(code));
        return properties(r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8));
    }

    /** UPDATE_NAMESRV_CONFIG or UPDATE_BROKER_CONFIG: the body is properties text. */
    static void updateConfig(AdminSession s, String addr, int code, Map<String, String> changes)
            throws AdminException {
        StringBuilder text = new StringBuilder();
        changes.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        s.call(addr, RemotingCommand.request(code).body(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> runtimeInfo(AdminSession s, String addr) throws AdminException {
        RemotingCommand r = s.call(addr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO));
        return new TreeMap<>(Json.fromBytes(body(r), KVTable.class).table());
    }

    static JsonNode json(AdminSession s, String addr, RemotingCommand request, int... accepted) throws AdminException {
        RemotingCommand r = s.call(addr, request, accepted);
        if (r.body() == null || r.body().length == 0) {
            return Json.mapper().createObjectNode();
        }
        return StatsBodies.tree(r.body());
    }

    static Map<String, String> properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> sorted = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> sorted.put(k, p.getProperty(k)));
        return sorted;
    }

    /** Master addresses (brokerId 0) of a cluster's broker groups, by broker name; fails for an unknown cluster. */
    static Map<String, String> masters(ClusterInfo info, String cluster) throws AdminException {
        List<String> names = info.clusterAddrTable().get(cluster);
        if (names == null) {
            throw new AdminException(-1, "cluster [" + cluster + "] not exist; clusters: "
                    + info.clusterAddrTable().keySet());
        }
        Map<String, String> masters = new TreeMap<>();
        for (String name : names) {
            BrokerData b = info.brokerAddrTable().get(name);
            if (b != null && b.masterAddr() != null) {
                masters.put(name, b.masterAddr());
            }
        }
        return masters;
    }

    /** Every address (masters and slaves) of a cluster, in broker-name then broker-id order. */
    static List<String> allAddrs(ClusterInfo info, String cluster) throws AdminException {
        if (!info.clusterAddrTable().containsKey(cluster)) {
            throw new AdminException(-1, "cluster [" + cluster + "] not exist");
        }
        List<String> addrs = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(info.clusterAddrTable().get(cluster))) {
            BrokerData b = info.brokerAddrTable().get(name);
            if (b != null) {
                addrs.addAll(b.brokerAddrs().values());
            }
        }
        return addrs;
    }

    /** Broker name of an address, from cluster info; null when unknown. */
    static String brokerNameOf(ClusterInfo info, String addr) {
        for (BrokerData b : info.brokerAddrTable().values()) {
            if (b.brokerAddrs().containsValue(addr)) {
                return b.brokerName();
            }
        }
        return null;
    }

    /** Master address of a broker name in a route; null when it has none. */
    static String masterOf(TopicRouteData route, String brokerName) {
        for (BrokerData b : route.brokerDatas()) {
            if (b.brokerName().equals(brokerName)) {
                return b.masterAddr();
            }
        }
        return null;
    }

    static byte[] body(RemotingCommand r) throws AdminException {
        if (r.body() == null) {
            throw new AdminException(-1, "response to request has no body");
        }
        return r.body();
    }
}
