package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.common.TopicRouteData;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Subscription groups and offsets: updateSubGroup, deleteSubGroup, resetOffsetByTime. */
final class GroupCommands {
    private GroupCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("updateSubGroup", "Update or create subscription group.", List.of(
                        arg("b", "brokerAddr", false, "create subscription group to which broker"),
                        arg("c", "clusterName", false, "create subscription group to which cluster"),
                        arg("g", "groupName", true, "consumer group name"),
                        arg("s", "consumeEnable", false, "consume enable"),
                        arg("m", "consumeFromMinEnable", false, "from min offset"),
                        arg("d", "consumeBroadcastEnable", false, "broadcast"),
                        arg("o", "consumeMessageOrderly", false, "consume message orderly"),
                        arg("q", "retryQueueNums", false, "retry queue nums"),
                        arg("r", "retryMaxTimes", false, "retry max times"),
                        arg("i", "brokerId", false, "consumer from which broker id"),
                        arg("w", "whichBrokerWhenConsumeSlowly", false, "which broker id when consume slowly"),
                        arg("a", "notifyConsumerIdsChanged", false, "notify consumerId changed")),
                        GroupCommands::updateSubGroup),
                new AdminCommand("deleteSubGroup", "Delete subscription group from broker.", List.of(
                        arg("b", "brokerAddr", false, "delete subscription group from which broker"),
                        arg("c", "clusterName", false, "delete subscription group from which cluster"),
                        arg("g", "groupName", true, "subscription group name"),
                        arg("r", "removeOffset", false, "remove offset")), GroupCommands::deleteSubGroup),
                new AdminCommand("resetOffsetByTime", "Reset consumer offset by timestamp(without client restart).",
                        List.of(arg("g", "group", true, "set the consumer group"),
                                arg("t", "topic", true, "set the topic"),
                                arg("s", "timestamp", true,
                                        "set the timestamp[now|currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"),
                                arg("f", "force", false,
                                        "set the force rollback by timestamp switch[true|false]. Deprecated.")),
                        GroupCommands::resetOffsetByTime));
    }

    /**
     * The SubscriptionGroupConfig body: RocketMQ's defaults, except that the tool (as RocketMQ's) turns broadcast
     * and consume-from-min off unless {@code -d}/{@code -m} say otherwise; then the options given.
     */
    static Map<String, Object> groupConfig(ParsedArgs a) throws UsageException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("groupName", a.get("g"));
        c.put("consumeEnable", a.boolValue("s", true));
        c.put("consumeFromMinEnable", a.boolValue("m", false));
        c.put("consumeBroadcastEnable", a.boolValue("d", false));
        c.put("consumeMessageOrderly", a.boolValue("o", false));
        c.put("retryQueueNums", a.intValue("q", 1));
        c.put("retryMaxTimes", a.intValue("r", 16));
        c.put("brokerId", a.longValue("i", 0));
        c.put("whichBrokerWhenConsumeSlowly", a.longValue("w", 1));
        c.put("notifyConsumerIdsChangedEnable", a.boolValue("a", true));
        c.put("groupSysFlag", 0);
        c.put("consumeTimeoutMinute", 15);
        c.put("attributes", Map.of());
        return c;
    }

    private static void updateSubGroup(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        Map<String, Object> config = groupConfig(a);
        List<String> addrs = targets(a, s);
        for (String addr : addrs) {
            s.call(addr, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                    .body(Json.toBytes(new TreeMap<>(config))));
            s.out().printf("create subscription group to %s success.%n", addr);
        }
        s.out().printf("%s", configText(config)); // no line end, as RocketMQ's tool
    }

    /** RocketMQ 5.3.1's SubscriptionGroupConfig.toString() of what was sent (default retry policy, no data set). */
    static String configText(Map<String, Object> config) {
        StringBuilder text = new StringBuilder("SubscriptionGroupConfig{");
        config.forEach((k, v) -> {
            if (k.equals("brokerId")) {
                text.append("groupRetryPolicy=GroupRetryPolicy{type=CUSTOMIZED, exponentialRetryPolicy=null, "
                        + "customizedRetryPolicy=null}, ");
            } else if (k.equals("attributes")) {
                text.append("subscriptionDataSet=null, ");
            }
            text.append(k).append('=').append(v).append(", ");
        });
        return text.substring(0, text.length() - 2) + "}";
    }

    private static List<String> targets(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        if (a.has("b")) {
            return List.of(AdminSession.checkAddr(a.get("b"), "broker address"));
        }
        if (a.has("c")) {
            return new ArrayList<>(Requests.masters(Requests.clusterInfo(s), a.get("c")).values());
        }
        throw new UsageException("needs -b brokerAddr or -c clusterName");
    }

    private static void deleteSubGroup(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        String group = a.get("g");
        boolean removeOffset = a.boolValue("r", false);
        PrintStream out = s.out();
        if (a.has("b")) {
            String addr = AdminSession.checkAddr(a.get("b"), "broker address");
            deleteGroup(s, addr, group, removeOffset);
            out.printf("delete subscription group [%s] from broker [%s] success.%n", group, addr);
        } else if (a.has("c")) {
            String cluster = a.get("c");
            ClusterInfo info = Requests.clusterInfo(s);
            Map<String, String> masters = Requests.masters(info, cluster);
            for (String addr : masters.values()) {
                deleteGroup(s, addr, group, removeOffset);
                out.printf("delete subscription group [%s] from broker [%s] in cluster [%s] success.%n", group, addr,
                        cluster);
            }
            for (String topic : List.of("%RETRY%" + group, "%DLQ%" + group)) {
                for (String addr : masters.values()) {
                    s.call(addr, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).put("topic", topic));
                }
                for (String ns : s.namesrvAddrs()) {
                    s.call(ns, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV).put("topic", topic)
                            .put("clusterName", cluster));
                }
            }
        } else {
            throw new UsageException("deleteSubGroup needs -b brokerAddr or -c clusterName");
        }
    }

    private static void deleteGroup(AdminSession s, String addr, String group, boolean removeOffset)
            throws AdminException {
        s.call(addr, RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP).put("groupName", group)
                .put("removeOffset", removeOffset));
    }

    private static void resetOffsetByTime(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        String group = a.get("g");
        String topic = a.get("t");
        String when = a.get("s");
        long timestamp = Formats.timestamp(when, "s");
        boolean force = a.boolValue("f", true);
        PrintStream out = s.out();
        out.printf("start reset consumer offset by specified, group[%s], topic[%s], force[%s], "
                + "timestamp(string)[%s], timestamp(long)[%s]%n", group, topic, force, when, timestamp);
        TopicRouteData route = Requests.route(s, topic);
        Map<String, Object[]> rows = new TreeMap<>();
        for (BrokerData b : route.brokerDatas()) {
            if (b.masterAddr() == null) {
                continue;
            }
            JsonNode body = Requests.json(s, b.masterAddr(), RemotingCommand
                    .request(Requests.INVOKE_BROKER_TO_RESET_OFFSET).put("topic", topic).put("group", group)
                    .put("timestamp", timestamp).put("isForce", force));
            for (Iterator<Map.Entry<String, JsonNode>> it = body.path("offsetTable").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode mq = StatsBodies.queue(e.getKey());
                rows.put(String.format("%s\u0000%010d", mq.path("brokerName").asText(), mq.path("queueId").asInt()),
                        new Object[] {mq.path("brokerName").asText(), (long) mq.path("queueId").asInt(),
                            e.getValue().asLong()});
            }
        }
        out.printf("%-40s  %-40s  %-40s%n", "#brokerName", "#queueId", "#offset");
        for (Object[] r : rows.values()) {
            out.printf("%-40s  %-40d  %-40d%n", r);
        }
    }
}
