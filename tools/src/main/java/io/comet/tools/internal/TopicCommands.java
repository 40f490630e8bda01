package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;
import static io.comet.tools.internal.Option.flag;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.common.PermName;
import io.comet.common.QueueData;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import io.comet.common.TopicRouteData;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Topic commands: topicList, topicRoute, updateTopic, deleteTopic, topicStatus. */
final class TopicCommands {
    private static final String ROUTE_FORMAT = "%-45s %-32s %-50s %-10s %-11s %-5s%n";

    private TopicCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("topicList", "Fetch all topic list from name server.",
                        List.of(flag("c", "clusterModel", "clusterModel")), TopicCommands::topicList),
                new AdminCommand("topicRoute", "Examine topic route info.", List.of(
                        arg("t", "topic", true, "topic name"),
                        flag("l", "list", "Use list format to print data")), TopicCommands::topicRoute),
                new AdminCommand("updateTopic", "Update or create topic.", List.of(
                        arg("b", "brokerAddr", false, "create topic to which broker"),
                        arg("c", "clusterName", false, "create topic to which cluster"),
                        arg("a", "attributes", false, "attribute(+a=b,+c=d,-e)"),
                        arg("t", "topic", true, "topic name"),
                        arg("r", "readQueueNums", false, "set read queue nums"),
                        arg("w", "writeQueueNums", false, "set write queue nums"),
                        arg("p", "perm", false, "set topic's permission(2|4|6), intro[2:W 4:R; 6:RW]"),
                        arg("o", "order", false, "set topic's order(true|false)"),
                        arg("u", "unit", false, "is unit topic (true|false)"),
                        arg("s", "hasUnitSub", false, "has unit sub (true|false)")), TopicCommands::updateTopic),
                new AdminCommand("deleteTopic", "Delete topic from broker and NameServer.", List.of(
                        arg("t", "topic", true, "topic name"),
                        arg("c", "clusterName", true, "delete topic from which cluster")), TopicCommands::deleteTopic),
                new AdminCommand("topicStatus", "Examine topic Status info.", List.of(
                        arg("t", "topic", true, "topic name"),
                        arg("c", "cluster", false, "cluster name or lmq parent topic, lmq is used to find the route.")),
                        TopicCommands::topicStatus));
    }

    private static void topicList(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        List<String> topics = Requests.topicList(s);
        PrintStream out = s.out();
        if (!a.has("c")) {
            topics.forEach(t -> out.printf("%s%n", t));
            return;
        }
        ClusterInfo info = Requests.clusterInfo(s);
        out.printf("%-20s  %-48s  %-48s%n", "#Cluster Name", "#Topic", "#Consumer Group");
        for (String topic : topics) {
            if (topic.startsWith("%RETRY%") || topic.startsWith("%DLQ%")) {
                continue;
            }
            String cluster = "";
            List<String> groups = new ArrayList<>();
            try {
                TopicRouteData route = Requests.route(s, topic);
                if (!route.brokerDatas().isEmpty()) {
                    BrokerData b = route.brokerDatas().get(0);
                    cluster = clusterOf(info, b.brokerName());
                    if (b.masterAddr() != null) {
                        JsonNode groupList = Requests.json(s, b.masterAddr(), RemotingCommand
                                .request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO).put("topic", topic));
                        groupList.path("groupList").forEach(g -> groups.add(g.asText()));
                    }
                }
            } catch (AdminException e) {
                // like RocketMQ's tool: a topic whose route or groups cannot be read is listed without them
            }
            if (groups.isEmpty()) {
                groups.add("");
            }
            for (String g : groups) {
                out.printf("%-20s  %-64s  %-64s%n", cluster, topic, g);
            }
        }
    }

    static String clusterOf(ClusterInfo info, String brokerName) {
        for (Map.Entry<String, List<String>> e : info.clusterAddrTable().entrySet()) {
            if (e.getValue().contains(brokerName)) {
                return e.getKey();
            }
        }
        return "";
    }

    private static void topicRoute(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        TopicRouteData route = Requests.route(s, a.get("t"));
        PrintStream out = s.out();
        if (!a.has("l")) {
            out.printf("%s%n", FastjsonText.of(Json.mapper().valueToTree(route)));
            return;
        }
        Map<String, QueueData> queues = new HashMap<>();
        route.queueDatas().forEach(q -> queues.put(q.brokerName(), q));
        List<BrokerData> brokers = new ArrayList<>(route.brokerDatas());
        brokers.sort(Comparator.comparing(BrokerData::brokerName));
        out.printf(ROUTE_FORMAT, "#ClusterName", "#BrokerName", "#BrokerAddrs", "#ReadQueue", "#WriteQueue", "#Perm");
        int read = 0;
        int write = 0;
        for (BrokerData b : brokers) {
            QueueData q = queues.get(b.brokerName());
            if (q == null) {
                continue;
            }
            read += q.readQueueNums();
            write += q.writeQueueNums();
            out.printf(ROUTE_FORMAT, b.cluster(), b.brokerName(), new TreeMap<>(b.brokerAddrs()), q.readQueueNums(),
                    q.writeQueueNums(), q.perm());
        }
        out.print("-".repeat(158));
        out.printf("%n");
        out.printf(ROUTE_FORMAT, "Total:", queues.keySet().size(), "", read, write, "");
    }

    private static void updateTopic(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        int perm = a.intValue("p", PermName.PERM_READ_WRITE);
        if (perm < 0 || perm > 7) {
            throw new UsageException("option -p must be a permission 2 (W), 4 (R) or 6 (RW), not '" + a.get("p") + "'");
        }
        int read = a.intValue("r", 8);
        int write = a.intValue("w", 8);
        if (read < 0 || write < 0) {
            throw new UsageException("queue numbers must not be negative");
        }
        boolean order = a.boolValue("o", false);
        TopicConfig config = new TopicConfig(a.get("t"), read, write, perm, TopicFilterType.SINGLE_TAG, 0, order,
                attributes(a.get("a")));
        PrintStream out = s.out();
        if (a.has("b")) {
            String addr = AdminSession.checkAddr(a.get("b"), "broker address");
            createTopic(s, addr, config, a.get("a", ""));
            out.printf("create topic to %s success.%n", addr);
            if (order) {
                String brokerName = Requests.brokerNameOf(Requests.clusterInfo(s), addr);
                String orderConf = brokerName + ":" + write;
                Requests.putKv(s, "ORDER_TOPIC_CONFIG", config.topicName(), orderConf);
                out.printf("%s", String.format("set broker orderConf. isOrder=%s, orderConf=[%s]", order, orderConf));
                out.printf("%n");
            }
            out.printf("%s%n", Formats.topicConfig(config));
        } else if (a.has("c")) {
            Map<String, String> masters = Requests.masters(Requests.clusterInfo(s), a.get("c"));
            List<String> orderConf = new ArrayList<>();
            for (Map.Entry<String, String> m : masters.entrySet()) {
                createTopic(s, m.getValue(), config, a.get("a", ""));
                orderConf.add(m.getKey() + ":" + write);
                out.printf("create topic to %s success.%n", m.getValue());
            }
            if (order) {
                String conf = String.join(";", orderConf);
                Requests.putKv(s, "ORDER_TOPIC_CONFIG", config.topicName(), conf);
                out.printf("set cluster orderConf. isOrder=%s, orderConf=[%s]%n", order, conf);
            }
            out.printf("%s%n", Formats.topicConfig(config));
        } else {
            throw new UsageException("updateTopic needs -b brokerAddr or -c clusterName");
        }
    }

    private static void createTopic(AdminSession s, String addr, TopicConfig t, String attributes)
            throws AdminException {
        s.call(addr, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC).put("topic", t.topicName())
                .put("defaultTopic", "TBW102").put("readQueueNums", t.readQueueNums())
                .put("writeQueueNums", t.writeQueueNums()).put("perm", t.perm())
                .put("topicFilterType", t.topicFilterType().name()).put("topicSysFlag", t.topicSysFlag())
                .put("order", t.order()).put("attributes", attributes));
    }

    /** {@code +k=v,+k2=v2,-k3}: the {@code +} entries (removals are sent to the broker as given). */
    static Map<String, String> attributes(String text) throws UsageException {
        Map<String, String> m = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return m;
        }
        for (String item : text.split(",")) {
            String i = item.trim();
            if (i.startsWith("+") && i.indexOf('=') > 1) {
                m.put(i.substring(0, i.indexOf('=')), i.substring(i.indexOf('=') + 1));
            } else if (!(i.startsWith("-") && i.length() > 1)) {
                throw new UsageException("attribute '" + i + "' must be +key=value or -key");
            }
        }
        return m;
    }

    private static void deleteTopic(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        String topic = a.get("t");
        String cluster = a.get("c");
        Map<String, String> masters = Requests.masters(Requests.clusterInfo(s), cluster);
        for (String addr : masters.values()) {
            s.call(addr, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).put("topic", topic));
        }
        s.out().printf("delete topic [%s] from cluster [%s] success.%n", topic, cluster);
        for (String ns : s.namesrvAddrs()) {
            s.call(ns, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV).put("topic", topic)
                    .put("clusterName", cluster));
        }
        s.out().printf("delete topic [%s] from NameServer success.%n", topic);
    }

    private static void topicStatus(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        String topic = a.get("t");
        TopicRouteData route = Requests.route(s, topic);
        TreeMap<String, JsonNode[]> rows = new TreeMap<>();
        for (BrokerData b : route.brokerDatas()) {
            if (b.masterAddr() == null) {
                continue;
            }
            JsonNode table = Requests.json(s, b.masterAddr(),
                    RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO).put("topic", topic));
            for (Iterator<Map.Entry<String, JsonNode>> it = table.path("offsetTable").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode mq = StatsBodies.queue(e.getKey());
                String key = String.format("%s\u0000%s\u0000%010d", mq.path("topic").asText(),
                        mq.path("brokerName").asText(), mq.path("queueId").asInt());
                rows.put(key, new JsonNode[] {mq, e.getValue()});
            }
        }
        if (rows.isEmpty()) {
            throw new AdminException(-1, "topic [" + topic + "] has no queue statistics on any broker");
        }
        PrintStream out = s.out();
        out.printf("%-32s  %-4s  %-20s  %-20s    %s%n", "#Broker Name", "#QID", "#Min Offset", "#Max Offset",
                "#Last Updated");
        for (JsonNode[] r : rows.values()) {
            long last = r[1].path("lastUpdateTimestamp").asLong();
            out.printf("%-32s  %-4d  %-20d  %-20d    %s%n", r[0].path("brokerName").asText(),
                    r[0].path("queueId").asInt(), r[1].path("minOffset").asLong(), r[1].path("maxOffset").asLong(),
                    last > 0 ? Formats.millis(last) : "");
        }
    }
}
