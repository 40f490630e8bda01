package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;
import static io.comet.tools.internal.Option.flag;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.remoting.RequestCode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Broker configuration: getBrokerConfig, updateBrokerConfig (RocketMQ's) and Comet's {@code brokerMode}, which
 * shows a broker's {@code brokerRole} and {@code flushDiskType} and changes them live with UPDATE_BROKER_CONFIG.
 */
final class BrokerConfigCommands {
    static final List<String> ROLES = List.of("ASYNC_MASTER", "SYNC_MASTER", "SLAVE");
    static final List<String> FLUSH_TYPES = List.of("SYNC_FLUSH", "ASYNC_FLUSH");

    private BrokerConfigCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("getBrokerConfig", "Get broker config by cluster or special broker.", List.of(
                        arg("b", "brokerAddr", false, "get which broker"),
                        arg("c", "clusterName", false, "get which cluster")), BrokerConfigCommands::getBrokerConfig),
                new AdminCommand("updateBrokerConfig", "Update broker's config.", List.of(
                        arg("b", "brokerAddr", false, "update which broker"),
                        arg("c", "clusterName", false, "update which cluster"),
                        flag("a", "updateAllBroker", "update all brokers include slave"),
                        arg("k", "key", true, "config key"),
                        arg("v", "value", true, "config value")), BrokerConfigCommands::updateBrokerConfig),
                new AdminCommand("brokerMode", "Show or change a broker's role and flush mode live (Comet).", List.of(
                        arg("b", "brokerAddr", true, "which broker"),
                        arg("r", "brokerRole", false, "new role: ASYNC_MASTER, SYNC_MASTER or SLAVE"),
                        arg("f", "flushDiskType", false, "new flush mode: SYNC_FLUSH or ASYNC_FLUSH")),
                        BrokerConfigCommands::brokerMode));
    }

    private static void getBrokerConfig(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        PrintStream out = s.out();
        if (a.has("b")) {
            String addr = AdminSession.checkAddr(a.get("b"), "broker address");
            printConfig(out, Requests.config(s, addr, RequestCode.GET_BROKER_CONFIG), addr,
                    String.format("============%s============\n", addr));
        } else if (a.has("c")) {
            ClusterInfo info = Requests.clusterInfo(s);
            if (!info.clusterAddrTable().containsKey(a.get("c"))) {
                throw new AdminException(-1, "cluster [" + a.get("c") + "] not exist");
            }
            for (String name : new TreeSet<>(info.clusterAddrTable().get(a.get("c")))) {
                BrokerData b = info.brokerAddrTable().get(name);
                if (b == null) {
                    continue;
                }
                String master = b.masterAddr() == null ? "NO_MASTER" : b.masterAddr();
                for (Map.Entry<Long, String> e : new TreeMap<>(b.brokerAddrs()).entrySet()) {
                    String title = e.getKey() == 0
                            ? String.format("============Master: %s============\n", e.getValue())
                            : String.format("============My Master: %s=====Slave: %s============\n", master,
                                    e.getValue());
                    printConfig(out, Requests.config(s, e.getValue(), RequestCode.GET_BROKER_CONFIG), e.getValue(),
                            title);
                }
            }
        } else {
            throw new UsageException("getBrokerConfig needs -b brokerAddr or -c clusterName");
        }
    }

    private static void printConfig(PrintStream out, Map<String, String> config, String addr, String title) {
        if (config.isEmpty()) {
            out.printf("Broker[%s] has no config property!\n", addr);
            return;
        }
        out.print(title);
        config.forEach((k, v) -> out.printf("%-50s=  %s\n", k, v));
        out.printf("%n");
    }

    private static void updateBrokerConfig(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        Map<String, String> change = Map.of(a.get("k"), a.get("v"));
        if (a.has("b")) {
            String addr = AdminSession.checkAddr(a.get("b"), "broker address");
            Requests.updateConfig(s, addr, RequestCode.UPDATE_BROKER_CONFIG, change);
            s.out().printf("update broker config success, %s\n", addr);
        } else if (a.has("c")) {
            ClusterInfo info = Requests.clusterInfo(s);
            List<String> addrs = a.has("a") ? Requests.allAddrs(info, a.get("c"))
                    : new ArrayList<>(Requests.masters(info, a.get("c")).values());
            for (String addr : addrs) {
                Requests.updateConfig(s, addr, RequestCode.UPDATE_BROKER_CONFIG, change);
                s.out().printf("update broker config success, %s\n", addr);
            }
        } else {
            throw new UsageException("updateBrokerConfig needs -b brokerAddr or -c clusterName");
        }
    }

    private static void brokerMode(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        String addr = AdminSession.checkAddr(a.get("b"), "broker address");
        Map<String, String> change = new LinkedHashMap<>();
        if (a.has("r")) {
            change.put("brokerRole", oneOf(a.get("r"), ROLES, "r"));
        }
        if (a.has("f")) {
            change.put("flushDiskType", oneOf(a.get("f"), FLUSH_TYPES, "f"));
        }
        PrintStream out = s.out();
        if (!change.isEmpty()) {
            Requests.updateConfig(s, addr, RequestCode.UPDATE_BROKER_CONFIG, change);
        }
        Map<String, String> now = Requests.config(s, addr, RequestCode.GET_BROKER_CONFIG);
        for (Map.Entry<String, String> c : change.entrySet()) {
            if (!c.getValue().equals(now.get(c.getKey()))) {
                throw new AdminException(-1, "broker " + addr + " accepted " + c.getKey() + "=" + c.getValue()
                        + " but reports " + now.get(c.getKey()));
            }
        }
        out.printf("%-50s=  %s\n", "brokerAddr", addr);
        out.printf("%-50s=  %s\n", "brokerRole", now.getOrDefault("brokerRole", "(not reported)"));
        out.printf("%-50s=  %s\n", "flushDiskType", now.getOrDefault("flushDiskType", "(not reported)"));
        if (!change.isEmpty()) {
            out.printf("update broker mode success, %s\n", addr);
        }
    }

    private static String oneOf(String value, List<String> allowed, String option) throws UsageException {
        String v = value.toUpperCase();
        if (!allowed.contains(v)) {
            throw new UsageException("option -" + option + " must be one of " + String.join(", ", allowed) + ", not '"
                    + value + "'");
        }
        return v;
    }
}
