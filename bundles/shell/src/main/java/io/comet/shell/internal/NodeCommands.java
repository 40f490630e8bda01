package io.comet.shell.internal;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.QueueData;
import io.comet.common.StatusSource;
import io.comet.common.TopicList;
import io.comet.common.TopicRouteData;
import io.comet.config.ConfigService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Node-local Gogo commands of scope {@code mq}: the NameServer's view ({@code topics}, {@code route},
 * {@code cluster}, {@code kv}: asked of the node's own {@code namesrv} server over loopback, so they answer what
 * {@code mqadmin} would), the node's modes ({@code mode}), replication state ({@code ha}), store figures ({@code store}), client connections
 * ({@code clients}) and ConfigAdmin configurations ({@code pid}). Immediate, so that the connection count starts
 * when the node starts, not at the first command.
 */
@Component(service = NodeCommands.class, immediate = true, property = {
    "osgi.command.scope=mq",
    "osgi.command.function=topics",
    "osgi.command.function=route",
    "osgi.command.function=cluster",
    "osgi.command.function=kv",
    "osgi.command.function=mode",
    "osgi.command.function=store",
    "osgi.command.function=clients",
    "osgi.command.function=pid",
    "osgi.command.function=ha"
})
public final class NodeCommands {
    static final String NAMESRV = "namesrv";
    private static final int GET_KV_CONFIG = 101;
    private static final int PUT_KV_CONFIG = 100;
    private static final int DELETE_KV_CONFIG = 102;
    private static final int GET_ROUTEINFO_BY_TOPIC = 105;
    private static final int GET_BROKER_CLUSTER_INFO = 106;
    private static final int GET_ALL_TOPIC_LIST = 206;
    private static final int GET_KVLIST_BY_NAMESPACE = 219;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService configService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<StatusSource> statusSources;

    private RemotingEndpoints endpoints;

    @Activate
    void activate(BundleContext context) {
        endpoints = RemotingEndpoints.open(context);
    }

    @Deactivate
    void deactivate() {
        if (endpoints != null) {
            endpoints.close();
        }
    }

    /** {@code mq:topics}: every topic the node's NameServer knows, one per line (as {@code mqadmin topicList}). */
    public String topics() {
        return ask(GET_ALL_TOPIC_LIST, Map.of(), body -> {
            List<String> topics = new ArrayList<>(Json.fromString(body, TopicList.class).topicList());
            topics.sort(null);
            return String.join("\n", topics);
        });
    }

    /** {@code mq:route TOPIC}: brokers and queues of a topic. */
    public String route(String topic) {
        return ask(GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic), body -> {
            TopicRouteData route = Json.fromString(body, TopicRouteData.class);
            Columns t = new Columns("").row("BROKER", "ADDRS", "READ", "WRITE", "PERM");
            for (QueueData q : route.queueDatas()) {
                String addrs = route.brokerDatas().stream().filter(b -> b.brokerName().equals(q.brokerName()))
                        .map(b -> b.brokerAddrs().toString()).findFirst().orElse("{}");
                t.row(q.brokerName(), addrs, String.valueOf(q.readQueueNums()), String.valueOf(q.writeQueueNums()),
                        String.valueOf(q.perm()));
            }
            return t.render().stripTrailing();
        });
    }

    /** {@code mq:cluster}: clusters, broker names, ids and addresses. */
    public String cluster() {
        return ask(GET_BROKER_CLUSTER_INFO, Map.of(), body -> {
            ClusterInfo info = Json.fromString(body, ClusterInfo.class);
            Columns t = new Columns("").row("CLUSTER", "BROKER", "ID", "ADDR");
            for (Map.Entry<String, List<String>> c : new TreeMap<>(info.clusterAddrTable()).entrySet()) {
                for (String name : new TreeSet<>(c.getValue())) {
                    BrokerData b = info.brokerAddrTable().get(name);
                    if (b != null) {
                        b.brokerAddrs().forEach((id, addr) -> t.row(c.getKey(), name, String.valueOf(id), addr));
                    }
                }
            }
            return t.render().stripTrailing();
        });
    }

    /** {@code mq:kv NAMESPACE [KEY [VALUE | --delete]]}: list, read, write or delete KV config. */
    public String kv(String... args) {
        List<String> a = args == null ? List.of() : Arrays.asList(args);
        String usage = "usage: mq:kv NAMESPACE [KEY [VALUE | --delete]]";
        if (a.isEmpty() || a.size() > 3) {
            return usage;
        }
        if (a.size() == 1) {
            return ask(GET_KVLIST_BY_NAMESPACE, Map.of("namespace", a.get(0)), body -> {
                Columns t = new Columns("").row("KEY", "VALUE");
                Json.fromString(body, KVTable.class).table().forEach(t::row);
                return t.render().stripTrailing();
            });
        }
        Map<String, String> key = Map.of("namespace", a.get(0), "key", a.get(1));
        if (a.size() == 2) {
            return askFields(GET_KV_CONFIG, key, f -> a.get(1) + "=" + f.get("value"));
        }
        if (a.get(2).equals("--delete")) {
            return askFields(DELETE_KV_CONFIG, key, f -> "deleted " + a.get(1));
        }
        return askFields(PUT_KV_CONFIG, Map.of("namespace", a.get(0), "key", a.get(1), "value", a.get(2)),
                f -> "updated " + a.get(1) + "=" + a.get(2));
    }

    /** {@code mq:mode [role R] [flush F]}: see {@link ModeCommand}. */
    public String mode(String... args) {
        return ModeCommand.run(configService, sections(), args == null ? List.of() : Arrays.asList(args));
    }

    /** {@code mq:store}: the store's figures (files, offsets, disk use). */
    public String store() {
        for (StatusReport.Section s : sections()) {
            if (s.name().equals("store")) {
                Columns c = new Columns("  ");
                s.figures().forEach((k, v) -> c.row(k, String.valueOf(v)));
                return "store\n" + c.render().stripTrailing();
            }
        }
        return "This node has no message store.";
    }

    /** {@code mq:clients}: client connections of each server (those opened since the shell started). */
    public String clients() {
        if (endpoints == null) {
            return "(remoting is not installed)";
        }
        StringBuilder out = new StringBuilder();
        for (StatusReport.Endpoint e : endpoints.list()) {
            Set<String> open = endpoints.connections().getOrDefault(e.name(), Set.of());
            out.append(e.name()).append(" (port ").append(e.port()).append("): ").append(open.size())
                    .append(" connections\n");
            new TreeSet<>(open).forEach(addr -> out.append("  ").append(addr).append('\n'));
        }
        return out.length() == 0 ? "(no servers listening)" : out.toString().stripTrailing();
    }

    /** {@code mq:ha}: the broker's replication state (as {@code mqadmin haStatus}), see {@link HaReport}. */
    public String ha() {
        if (endpoints == null) {
            return "(remoting is not installed)";
        }
        try {
            RemotingEndpoints.Reply r = endpoints.call("broker", HaReport.GET_BROKER_HA_STATUS, Map.of());
            if (r == null) {
                return "This node runs no broker.";
            }
            if (r.code() != 0 || r.body() == null) {
                return "CODE: " + r.code() + "  DESC: " + r.remark();
            }
            return HaReport.format(r.body());
        } catch (Exception e) {
            return "the broker of this node did not answer: " + e.getMessage();
        }
    }

    /** {@code mq:pid [PID]}: see {@link PidCommand}. */
    public String pid(String... args) {
        return PidCommand.run(configAdmin, args == null ? List.of() : Arrays.asList(args));
    }

    private List<StatusReport.Section> sections() {
        List<StatusReport.Section> out = new ArrayList<>();
        List<StatusSource> sources = statusSources;
        if (sources != null) {
            sources.forEach(s -> out.add(MqCommands.section(s)));
        }
        out.sort((x, y) -> x.name().compareTo(y.name()));
        return out;
    }

    private interface BodyFormat {
        String format(String body);
    }

    private interface FieldFormat {
        String format(Map<String, String> fields);
    }

    private String ask(int code, Map<String, String> fields, BodyFormat format) {
        return request(code, fields, r -> r.body() == null ? "(empty answer)" : format.format(r.body()));
    }

    private String askFields(int code, Map<String, String> fields, FieldFormat format) {
        return request(code, fields, r -> format.format(r.fields()));
    }

    private String request(int code, Map<String, String> fields,
                           java.util.function.Function<RemotingEndpoints.Reply, String> ok) {
        if (endpoints == null) {
            return "(remoting is not installed)";
        }
        try {
            RemotingEndpoints.Reply r = endpoints.call(NAMESRV, code, fields);
            if (r == null) {
                return "This node runs no NameServer; use bin/mqadmin against one.";
            }
            if (r.code() != 0) {
                return "CODE: " + r.code() + "  DESC: " + r.remark();
            }
            return ok.apply(r);
        } catch (Exception e) {
            return "the NameServer of this node did not answer: " + e.getMessage();
        }
    }
}
