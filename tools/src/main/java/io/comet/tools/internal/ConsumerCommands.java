package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;
import static io.comet.tools.internal.Option.flag;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.BrokerData;
import io.comet.common.TopicRouteData;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Consumer progress and client connections: consumerProgress, consumerConnection, producerConnection. */
final class ConsumerCommands {
    private ConsumerCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("consumerProgress", "Query consumer's progress, speed.", List.of(
                        arg("g", "groupName", false, "consumer group name"),
                        arg("t", "topicName", false, "topic name"),
                        flag("s", "showClientIP", "Show Client IP per Queue"),
                        arg("c", "cluster", false, "Cluster name or lmq parent topic, lmq is used to find the route.")),
                        ConsumerCommands::consumerProgress),
                new AdminCommand("consumerConnection",
                        "Query consumer's socket connection, client version and subscription.", List.of(
                        arg("g", "consumerGroup", true, "consumer group name"),
                        arg("b", "brokerAddr", false, "broker address")), ConsumerCommands::consumerConnection),
                new AdminCommand("producerConnection", "Query producer's socket connection and client version.",
                        List.of(arg("g", "producerGroup", true, "producer group name"),
                                arg("t", "topic", true, "topic name")), ConsumerCommands::producerConnection));
    }

    /** One queue's line of ConsumeStats, sorted by topic, broker name and queue id. */
    private record QueueStat(String topic, String broker, int queueId, long brokerOffset, long consumerOffset,
                             long pullOffset, long lastTimestamp) {
        String sortKey() {
            return String.format("%s\u0000%s\u0000%010d", topic, broker, queueId);
        }
    }

    /** GET_CONSUME_STATS on every broker of the group's retry route; adds the consume TPS to {@code tps[0]}. */
    static Map<String, QueueStat> consumeStats(AdminSession s, String group, String topic, double[] tps)
            throws UsageException, AdminException {
        TopicRouteData route = Requests.route(s, "%RETRY%" + group);
        Map<String, QueueStat> stats = new TreeMap<>();
        for (BrokerData b : route.brokerDatas()) {
            if (b.masterAddr() == null) {
                continue;
            }
            RemotingCommand req = RemotingCommand.request(RequestCode.GET_CONSUME_STATS).put("consumerGroup", group)
                    .put("topic", topic);
            JsonNode body = Requests.json(s, b.masterAddr(), req);
            tps[0] += body.path("consumeTps").asDouble();
            for (Iterator<Map.Entry<String, JsonNode>> it = body.path("offsetTable").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode mq = StatsBodies.queue(e.getKey());
                JsonNode w = e.getValue();
                QueueStat q = new QueueStat(mq.path("topic").asText(), mq.path("brokerName").asText(),
                        mq.path("queueId").asInt(), w.path("brokerOffset").asLong(), w.path("consumerOffset").asLong(),
                        w.path("pullOffset").asLong(w.path("consumerOffset").asLong()), w.path("lastTimestamp").asLong());
                stats.put(q.sortKey(), q);
            }
        }
        return stats;
    }

    private static void consumerProgress(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        PrintStream out = s.out();
        if (!a.has("g")) {
            allGroups(s);
            return;
        }
        double[] tps = {0};
        Map<String, QueueStat> stats = consumeStats(s, a.get("g"), a.get("t"), tps);
        if (stats.isEmpty()) {
            throw new AdminException(-1, "Not found the consumer group consume stats, because return offset table is"
                    + " empty, maybe the consumer not consume any message");
        }
        boolean showIp = a.has("s");
        if (showIp) {
            out.printf("%-64s  %-32s  %-4s  %-20s  %-20s  %-20s %-20s %-20s%s%n", "#Topic", "#Broker Name", "#QID",
                    "#Broker Offset", "#Consumer Offset", "#Client IP", "#Diff", "#Inflight", "#LastTime");
        } else {
            out.printf("%-64s  %-32s  %-4s  %-20s  %-20s  %-20s %-20s%s%n", "#Topic", "#Broker Name", "#QID",
                    "#Broker Offset", "#Consumer Offset", "#Diff", "#Inflight", "#LastTime");
        }
        long diffTotal = 0;
        long inflightTotal = 0;
        for (QueueStat q : stats.values()) {
            long diff = q.brokerOffset() - q.consumerOffset();
            long inflight = q.pullOffset() - q.consumerOffset();
            diffTotal += diff;
            inflightTotal += inflight;
            String last = q.lastTimestamp() == 0 ? "N/A" : Formats.seconds(q.lastTimestamp());
            if (showIp) {
                out.printf("%-64s  %-32s  %-4d  %-20d  %-20d  %-20s %-20d %-20d %s%n", q.topic(), q.broker(),
                        q.queueId(), q.brokerOffset(), q.consumerOffset(), "N/A", diff, inflight, last);
            } else {
                out.printf("%-64s  %-32s  %-4d  %-20d  %-20d  %-20d %-20d %s%n", q.topic(), q.broker(), q.queueId(),
                        q.brokerOffset(), q.consumerOffset(), diff, inflight, last);
            }
        }
        out.printf("%n");
        out.printf("Consume TPS: %.2f%n", tps[0]);
        out.printf("Consume Diff Total: %d%n", diffTotal);
        out.printf("Consume Inflight Total: %d%n", inflightTotal);
    }

    private static void allGroups(AdminSession s) throws UsageException, AdminException {
        PrintStream out = s.out();
        out.printf("%-64s  %-6s  %-24s %-5s  %-14s  %-7s  %s%n", "#Group", "#Count", "#Version", "#Type", "#Model",
                "#TPS", "#Diff Total");
        for (String topic : new java.util.TreeSet<>(Requests.topicList(s))) {
            if (!topic.startsWith("%RETRY%")) {
                continue;
            }
            String group = topic.substring("%RETRY%".length());
            long diff = 0;
            double[] tps = {0};
            int count = 0;
            String version = "OFFLINE";
            String type = "";
            String model = "";
            try {
                for (QueueStat q : consumeStats(s, group, null, tps).values()) {
                    diff += q.brokerOffset() - q.consumerOffset();
                }
                JsonNode conn = connection(s, group, null);
                if (conn != null) {
                    count = conn.path("connectionSet").size();
                    if (count > 0) {
                        version = Formats.version(conn.path("connectionSet").get(0).path("version").asInt());
                    }
                    type = shortType(conn.path("consumeType").asText());
                    model = conn.path("messageModel").asText();
                }
            } catch (AdminException | RuntimeException e) {
                // RocketMQ's tool also lists a group whose statistics cannot be read
            }
            out.printf("%-64s  %-6d  %-24s %-5s  %-14s  %-7d  %d%n", group, count, count == 0 ? "OFFLINE" : version,
                    type, model, (long) tps[0], diff);
        }
    }

    private static String shortType(String consumeType) {
        switch (consumeType) {
            case "CONSUME_PASSIVELY": return "PUSH";
            case "CONSUME_ACTIVELY": return "PULL";
            case "CONSUME_POP": return "POP";
            default: return consumeType;
        }
    }

    /** GET_CONSUMER_CONNECTION_LIST from {@code addr}, or from the masters of the retry route; null when offline. */
    static JsonNode connection(AdminSession s, String group, String addr) throws UsageException, AdminException {
        List<String> addrs = new java.util.ArrayList<>();
        if (addr != null) {
            addrs.add(addr);
        } else {
            for (BrokerData b : Requests.route(s, "%RETRY%" + group).brokerDatas()) {
                if (b.masterAddr() != null) {
                    addrs.add(b.masterAddr());
                }
            }
        }
        for (String a : addrs) {
            JsonNode n = Requests.json(s, a, RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                    .put("consumerGroup", group), ResponseCode.SUCCESS, ResponseCode.CONSUMER_NOT_ONLINE);
            if (n.path("connectionSet").size() > 0) {
                return n;
            }
        }
        return null;
    }

    private static void consumerConnection(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        String addr = a.has("b") ? AdminSession.checkAddr(a.get("b"), "broker address") : null;
        JsonNode conn = connection(s, a.get("g"), addr);
        if (conn == null) {
            throw new AdminException(ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group [" + a.get("g")
                    + "] not online");
        }
        PrintStream out = s.out();
        out.printf("%-36s %-22s %-10s %s%n", "#ClientId", "#ClientAddr", "#Language", "#Version");
        for (JsonNode c : conn.path("connectionSet")) {
            out.printf("%-36s %-22s %-10s %s%n", c.path("clientId").asText(), c.path("clientAddr").asText(),
                    c.path("language").asText(), Formats.version(c.path("version").asInt()));
        }
        out.printf("%nBelow is subscription:\n");
        out.printf("%-20s %s%n", "#Topic", "#SubExpression");
        // RocketMQ's tool iterates the ConcurrentHashMap it decoded the table into: same hashing, same order
        Map<String, String> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = conn.path("subscriptionTable").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            subscriptions.put(e.getKey(), e.getValue().path("subString").asText());
        }
        subscriptions.forEach((topic, expression) -> out.printf("%-20s %s%n", topic, expression));
        out.print("\n");
        out.printf("ConsumeType: %s%n", conn.path("consumeType").asText());
        out.printf("MessageModel: %s%n", conn.path("messageModel").asText());
        out.printf("ConsumeFromWhere: %s%n", conn.path("consumeFromWhere").asText());
    }

    private static void producerConnection(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        TopicRouteData route = Requests.route(s, a.get("t"));
        PrintStream out = s.out();
        int i = 1;
        for (BrokerData b : route.brokerDatas()) {
            if (b.masterAddr() == null) {
                continue;
            }
            JsonNode conn = Requests.json(s, b.masterAddr(), RemotingCommand
                    .request(RequestCode.GET_PRODUCER_CONNECTION_LIST).put("producerGroup", a.get("g")));
            for (JsonNode c : conn.path("connectionSet")) {
                out.printf("%04d  %-32s %-22s %-8s %s%n", i++, c.path("clientId").asText(),
                        c.path("clientAddr").asText(), c.path("language").asText(),
                        Formats.version(c.path("version").asInt()));
            }
            return;
        }
        throw new AdminException(-1, "topic [" + a.get("t") + "] has no master broker in its route");
    }
}
