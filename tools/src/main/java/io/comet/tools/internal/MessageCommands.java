package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;

import io.comet.common.BrokerData;
import io.comet.common.MessageIds;
import io.comet.common.StoredMessage;
import io.comet.common.TopicRouteData;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Message lookups: queryMsgById, queryMsgByKey, queryMsgByOffset. */
final class MessageCommands {
    private MessageCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("queryMsgById", "Query Message by Id.", List.of(
                        arg("t", "topic", false, "topic name"),
                        arg("i", "msgId", true, "Message Id")), MessageCommands::queryMsgById),
                new AdminCommand("queryMsgByKey", "Query Message by Key.", List.of(
                        arg("t", "topic", true, "Topic name"),
                        arg("k", "msgKey", true, "Message Key"),
                        arg("b", "beginTimestamp", false, "Begin timestamp(ms). default:0, eg:1676730526212"),
                        arg("e", "endTimestamp", false,
                                "End timestamp(ms). default:Long.MAX_VALUE, eg:1676730526212"),
                        arg("m", "maxNum", false, "The maximum number of messages returned by the query, default:64")),
                        MessageCommands::queryMsgByKey),
                new AdminCommand("queryMsgByOffset", "Query Message by offset.", List.of(
                        arg("t", "topic", true, "topic name"),
                        arg("b", "brokerName", true, "Broker Name"),
                        arg("i", "queueId", true, "Queue Id"),
                        arg("o", "offset", true, "Queue Offset")), MessageCommands::queryMsgByOffset));
    }

    private static void queryMsgById(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        PrintStream out = s.out();
        for (String id : a.get("i").split(",")) {
            StoredMessage m = byId(s, id.trim(), a.get("t"));
            if (m == null) {
                out.printf("%nMessage not found!");
                out.printf("%n");
                throw new AdminException(ResponseCode.QUERY_NOT_FOUND, "no message. msgId=" + id.trim());
            }
            Messages.print(out, m);
        }
    }

    /** By offset id (VIEW_MESSAGE_BY_ID at the address inside it), else by unique key in the topic. */
    private static StoredMessage byId(AdminSession s, String id, String topic) throws UsageException, AdminException {
        AdminException viewFailure = null;
        try {
            MessageIds.OffsetId offsetId = MessageIds.decode(id);
            String addr = offsetId.storeHost().getAddress().getHostAddress() + ":" + offsetId.storeHost().getPort();
            RemotingCommand r = s.call(addr, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                    .put("offset", offsetId.physicalOffset()).put("topic", topic));
            List<StoredMessage> found = Messages.decodeAll(r.body());
            if (!found.isEmpty()) {
                return found.get(0);
            }
        } catch (IllegalArgumentException e) {
            viewFailure = new AdminException(-1, e.getMessage());
        } catch (AdminException e) {
            viewFailure = e;
        }
        if (topic == null) {
            if (viewFailure != null) {
                throw viewFailure;
            }
            return null;
        }
        List<StoredMessage> byKey = query(s, topic, id, 32, 0, Long.MAX_VALUE, true);
        return byKey.stream().min(Comparator.comparingLong(StoredMessage::storeTimestamp)).orElse(null);
    }

    /** QUERY_MESSAGE on every master of the topic's route; keeps exact matches only. */
    static List<StoredMessage> query(AdminSession s, String topic, String key, int max, long begin, long end,
                                     boolean uniqueKey) throws UsageException, AdminException {
        TopicRouteData route = Requests.route(s, topic);
        List<StoredMessage> found = new ArrayList<>();
        for (BrokerData b : route.brokerDatas()) {
            if (b.masterAddr() == null) {
                continue;
            }
            RemotingCommand r = s.call(b.masterAddr(), RemotingCommand.request(RequestCode.QUERY_MESSAGE)
                    .put("topic", topic).put("key", key).put("maxNum", max).put("beginTimestamp", begin)
                    .put("endTimestamp", end).put("_UNIQUE_KEY_QUERY", uniqueKey),
                    ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND);
            if (r.code() != ResponseCode.SUCCESS) {
                continue;
            }
            for (StoredMessage m : Messages.decodeAll(r.body())) {
                if (!m.topic().equals(topic)) {
                    continue;
                }
                String keys = m.property(uniqueKey ? "UNIQ_KEY" : "KEYS");
                if (keys != null && List.of(keys.split(" ")).contains(key)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    private static void queryMsgByKey(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        int max = a.intValue("m", 64);
        if (max <= 0) {
            throw new UsageException("option -m must be positive, not '" + a.get("m") + "'");
        }
        List<StoredMessage> found = query(s, a.get("t"), a.get("k"), max, a.longValue("b", 0),
                a.longValue("e", Long.MAX_VALUE), false);
        PrintStream out = s.out();
        out.printf("%-50s %4s %40s%n", "#Message ID", "#QID", "#Offset");
        for (StoredMessage m : found) {
            out.printf("%-50s %4d %40d%n", Messages.msgId(m), m.queueId(), m.queueOffset());
        }
    }

    private static void queryMsgByOffset(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        String topic = a.get("t");
        String brokerName = a.get("b");
        int queueId = a.intValue("i", 0);
        long offset = a.longValue("o", 0);
        TopicRouteData route = Requests.route(s, topic);
        String addr = Requests.masterOf(route, brokerName);
        if (addr == null) {
            throw new AdminException(-1, "broker [" + brokerName + "] is not in the route of topic [" + topic + "]");
        }
        Messages.PullResult r = Messages.pull(s, addr, Messages.TOOLS_CONSUMER, topic, queueId, offset, 1);
        if (r.messages().isEmpty()) {
            throw new AdminException(r.code(), "no message at offset " + offset + " of queue " + queueId + " on "
                    + brokerName + " (pull answered " + r.code() + ", queue offsets " + r.minOffset() + ".."
                    + r.maxOffset() + ")");
        }
        Messages.print(s.out(), r.messages().get(0), Messages.pulledProperties(r.messages().get(0), r));
    }
}
