package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;
import static io.comet.tools.internal.Option.flag;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Cluster and broker status commands: clusterList, brokerStatus. */
final class ClusterCommands {
    private ClusterCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("clusterList", "List cluster infos.", List.of(
                        flag("m", "moreStats", "Print more stats"),
                        arg("i", "interval", false, "specify intervals numbers, it is in seconds"),
                        arg("c", "clusterName", false, "which cluster")), ClusterCommands::clusterList),
                new AdminCommand("brokerStatus", "Fetch broker runtime status data.", List.of(
                        arg("b", "brokerAddr", false, "Broker address"),
                        arg("c", "clusterName", false, "which cluster")), ClusterCommands::brokerStatus));
    }

    private static void clusterList(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        Repeating.run(Repeating.interval(a, "i"), () -> {
            ClusterInfo info = Requests.clusterInfo(s);
            if (a.has("m")) {
                moreStats(s, info, a.get("c"));
            } else {
                baseInfo(s, info, a.get("c"));
            }
        });
    }

    private static void baseInfo(AdminSession s, ClusterInfo info, String onlyCluster) {
        PrintStream out = s.out();
        out.printf("%-22s  %-22s  %-4s  %-22s %-16s  %16s  %16s  %-22s  %-11s  %-12s  %-8s  %-10s%n",
                "#Cluster Name", "#Broker Name", "#BID", "#Addr", "#Version", "#InTPS(LOAD)", "#OutTPS(LOAD)",
                "#Timer(Progress)", "#PCWait(ms)", "#Hour", "#SPACE", "#ACTIVATED");
        for (String cluster : new TreeSet<>(info.clusterAddrTable().keySet())) {
            if (onlyCluster != null && !onlyCluster.equals(cluster)) {
                continue;
            }
            for (String brokerName : new TreeSet<>(info.clusterAddrTable().get(cluster))) {
                BrokerData b = info.brokerAddrTable().get(brokerName);
                if (b == null) {
                    continue;
                }
                for (Map.Entry<Long, String> e : new TreeMap<>(b.brokerAddrs()).entrySet()) {
                    Map<String, String> t;
                    try {
                        t = Requests.runtimeInfo(s, e.getValue());
                    } catch (AdminException | RuntimeException ex) {
                        s.err().println("broker " + e.getValue() + ": " + ex.getMessage());
                        t = Map.of();
                    }
                    RuntimeFigures f = new RuntimeFigures(t);
                    out.printf("%-22s  %-22s  %-4s  %-22s %-16s  %16s  %16s  %-22s  %11s  %-12s  %-8s  %10s%n",
                            cluster, brokerName, e.getKey(), e.getValue(), f.text("brokerVersionDesc", ""),
                            String.format("%9.2f(%s,%sms)", f.firstDouble("putTps"),
                                    f.text("sendThreadPoolQueueSize", "0"),
                                    f.text("sendThreadPoolQueueHeadWaitTimeMills", "0")),
                            String.format("%9.2f(%s,%sms)", f.outTps(), f.text("pullThreadPoolQueueSize", "0"),
                                    f.text("pullThreadPoolQueueHeadWaitTimeMills", "0")),
                            String.format("%d-%d(%.1fw, %.1f, %.1f)", f.longValue("timerReadBehind"),
                                    f.longValue("timerOffsetBehind"), f.longValue("timerCongestNum") / 10000.0f,
                                    f.firstDouble("timerEnqueueTps"), f.firstDouble("timerDequeueTps")),
                            f.text("pageCacheLockTimeMills", "0"),
                            String.format("%2.2f", f.hours(System.currentTimeMillis())),
                            String.format("%.4f", f.firstDouble("commitLogDiskRatio")),
                            Boolean.parseBoolean(f.text("brokerActive", "false")));
                }
            }
        }
    }

    private static void moreStats(AdminSession s, ClusterInfo info, String onlyCluster) {
        PrintStream out = s.out();
        out.printf("%-16s  %-32s %14s %14s %14s %14s%n", "#Cluster Name", "#Broker Name", "#InTotalYest",
                "#OutTotalYest", "#InTotalToday", "#OutTotalToday");
        for (String cluster : new TreeSet<>(info.clusterAddrTable().keySet())) {
            if (onlyCluster != null && !onlyCluster.equals(cluster)) {
                continue;
            }
            for (String brokerName : new TreeSet<>(info.clusterAddrTable().get(cluster))) {
                BrokerData b = info.brokerAddrTable().get(brokerName);
                if (b == null) {
                    continue;
                }
                for (String addr : new TreeMap<>(b.brokerAddrs()).values()) {
                    Map<String, String> t;
                    try {
                        t = Requests.runtimeInfo(s, addr);
                    } catch (AdminException | RuntimeException ex) {
                        s.err().println("broker " + addr + ": " + ex.getMessage());
                        continue;
                    }
                    RuntimeFigures f = new RuntimeFigures(t);
                    out.printf("%-16s  %-32s %14d %14d %14d %14d%n", cluster, brokerName,
                            f.longValue("msgPutTotalTodayMorning") - f.longValue("msgPutTotalYesterdayMorning"),
                            f.longValue("msgGetTotalTodayMorning") - f.longValue("msgGetTotalYesterdayMorning"),
                            f.longValue("msgPutTotalTodayNow") - f.longValue("msgPutTotalTodayMorning"),
                            f.longValue("msgGetTotalTodayNow") - f.longValue("msgGetTotalTodayMorning"));
                }
            }
        }
    }

    private static void brokerStatus(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        PrintStream out = s.out();
        if (a.has("b")) {
            String addr = AdminSession.checkAddr(a.get("b"), "broker address");
            Requests.runtimeInfo(s, addr).forEach((k, v) -> out.printf("%-32s: %s%n", k, v));
        } else if (a.has("c")) {
            for (String addr : Requests.allAddrs(Requests.clusterInfo(s), a.get("c"))) {
                try {
                    Requests.runtimeInfo(s, addr).forEach((k, v) -> out.printf("%-24s %-32s: %s%n", addr, k, v));
                } catch (AdminException e) {
                    s.err().println("broker " + addr + ": " + e.getMessage());
                }
            }
        } else {
            throw new UsageException("brokerStatus needs -b brokerAddr or -c clusterName");
        }
    }

    /** Figures of a GET_BROKER_RUNTIME_INFO table, read leniently as RocketMQ's tools do. */
    private record RuntimeFigures(Map<String, String> table) {
        /** A figure as text; "" for every key when the broker did not answer (as RocketMQ's tool prints it). */
        String text(String key, String dflt) {
            if (table.isEmpty()) {
                return "";
            }
            String v = table.get(key);
            return v == null || v.isEmpty() ? dflt : v;
        }

        double firstDouble(String key) {
            String v = table.get(key);
            if (v == null || v.isBlank()) {
                return 0;
            }
            try {
                return Double.parseDouble(v.trim().split("\\s+")[0]);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        long longValue(String key) {
            try {
                return Long.parseLong(text(key, "0").trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        double outTps() {
            return table.containsKey("getTransferredTps") ? firstDouble("getTransferredTps")
                    : firstDouble("getTransferedTps");
        }

        double hours(long now) {
            long earliest = longValue("earliestMessageTimeStamp");
            return earliest > 0 ? (now - earliest) / 3600.0 / 1000 : 0;
        }
    }
}
