package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.PermName;
import io.comet.common.QueueData;
import io.comet.common.TopicRouteData;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Sending messages from the command line: sendMessage, clusterRT (consumeMessage: {@link ConsumeMessageCommand}). */
final class TrafficCommands {
    private TrafficCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("sendMessage", "Send a message.", List.of(
                        arg("t", "topic", true, "Topic name"),
                        arg("p", "body", true, "UTF-8 string format of the message body"),
                        arg("k", "key", false, "Message keys"),
                        arg("c", "tags", false, "Message tags"),
                        arg("b", "broker", false, "Send message to target broker"),
                        arg("i", "qid", false, "Send message to target queue")), TrafficCommands::sendMessage),
                ConsumeMessageCommand.command(),
                new AdminCommand("clusterRT", "List All clusters Message Send RT.", List.of(
                        arg("a", "amount", false, "message amount | default 100"),
                        arg("s", "size", false, "message size | default 128 Byte"),
                        arg("c", "cluster", false, "cluster name | default display all cluster"),
                        arg("p", "printLog", false, "print as tlog | default false"),
                        arg("m", "machineRoom", false, "machine room name | default noname"),
                        arg("i", "interval", false, "print interval | default one round (RocketMQ: 10 seconds)")),
                        TrafficCommands::clusterRT));
    }

    private record Target(String brokerName, String addr, int queueId) { }

    private static void sendMessage(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        if (a.has("i") && !a.has("b")) {
            throw new UsageException("Broker name must be set if the queue is chosen!");
        }
        String topic = a.get("t");
        TopicRouteData route = Requests.route(s, topic);
        List<Target> targets = writable(route, a.get("b"));
        if (targets.isEmpty()) {
            throw new AdminException(-1, "topic [" + topic + "] has no writable queue"
                    + (a.has("b") ? " on broker " + a.get("b") : ""));
        }
        Target t = targets.get((int) (System.nanoTime() & 0x7fffffff) % targets.size());
        if (a.has("i")) {
            int qid = a.intValue("i", 0);
            t = new Target(t.brokerName(), t.addr(), qid);
        }
        Messages.SendResult r = Messages.send(s, t.addr(), t.brokerName(), topic, t.queueId(),
                a.get("p").getBytes(StandardCharsets.UTF_8), a.get("c"), a.get("k"));
        PrintStream out = s.out();
        out.printf("%-32s  %-4s  %-20s    %s%n", "#Broker Name", "#QID", "#Send Result", "#MsgId");
        out.printf("%-32s  %-4s  %-20s    %s%n", t.brokerName(), r.queueId(), "SEND_OK", r.msgId());
    }

    /** Writable queues of masters in a route, optionally of one broker name. */
    private static List<Target> writable(TopicRouteData route, String onlyBroker) {
        List<Target> targets = new ArrayList<>();
        for (QueueData q : route.queueDatas()) {
            if (!PermName.isWriteable(q.perm()) || (onlyBroker != null && !onlyBroker.equals(q.brokerName()))) {
                continue;
            }
            String addr = Requests.masterOf(route, q.brokerName());
            if (addr != null) {
                for (int i = 0; i < q.writeQueueNums(); i++) {
                    targets.add(new Target(q.brokerName(), addr, i));
                }
            }
        }
        return targets;
    }

    private static void clusterRT(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        int amount = a.intValue("a", 100);
        int size = a.intValue("s", 128);
        if (amount <= 0 || size < 0) {
            throw new UsageException("options -a must be positive and -s not negative");
        }
        boolean tlog = a.boolValue("p", false);
        String room = a.get("m", "noname");
        ClusterInfo info = Requests.clusterInfo(s);
        if (a.has("c") && !info.clusterAddrTable().containsKey(a.get("c"))) {
            throw new AdminException(-1, String.format("cluster [%s] not exist", a.get("c")));
        }
        byte[] body = "a".repeat(size).getBytes(StandardCharsets.UTF_8);
        PrintStream out = s.out();
        if (!tlog) {
            out.printf("%-24s  %-24s  %-4s  %-8s  %-8s%n", "#Cluster Name", "#Broker Name", "#RT", "#successCount",
                    "#failCount");
        }
        Repeating.run(Repeating.interval(a, "i"), () -> {
            for (String cluster : new TreeSet<>(info.clusterAddrTable().keySet())) {
                if (a.has("c") && !a.get("c").equals(cluster)) {
                    continue;
                }
                for (String brokerName : new TreeSet<>(info.clusterAddrTable().get(cluster))) {
                    BrokerData b = info.brokerAddrTable().get(brokerName);
                    if (b == null || b.masterAddr() == null) {
                        continue;
                    }
                    SendTimes t = sendTimes(s, b.masterAddr(), brokerName, body, amount);
                    if (tlog) {
                        out.printf("%s|%s|%s|%s|%s%n", Formats.seconds(System.currentTimeMillis()), room, cluster,
                                brokerName, new java.math.BigDecimal(t.rt()).setScale(0, java.math.RoundingMode.HALF_UP));
                    } else {
                        out.printf("%-24s  %-24s  %-8s  %-16s  %-16s%n", cluster, brokerName,
                                String.format("%.2f", t.rt()), t.ok(), t.failed());
                    }
                }
            }
        });
    }

    /** Counts of one round and the average send time in ms. */
    private record SendTimes(int ok, int failed, double rt) { }

    /**
     * Sends {@code amount} messages to the broker's own topic; as RocketMQ's tool, the first send warms up the
     * connection and is left out of the average when there are several.
     */
    private static SendTimes sendTimes(AdminSession s, String addr, String brokerName, byte[] body, int amount) {
        int ok = 0;
        int failed = 0;
        int timed = 0;
        long elapsed = 0;
        for (int i = 0; i < amount; i++) {
            long start = System.nanoTime();
            try {
                Messages.send(s, addr, brokerName, brokerName, 0, body, null, null);
                ok++;
                if (i > 0 || amount == 1) {
                    elapsed += System.nanoTime() - start;
                    timed++;
                }
            } catch (AdminException e) {
                failed++;
            }
        }
        return new SendTimes(ok, failed, timed == 0 ? 0 : elapsed / 1e6 / timed);
    }
}
