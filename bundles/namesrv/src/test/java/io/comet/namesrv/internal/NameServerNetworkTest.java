package io.comet.namesrv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.ClusterInfo;
import io.comet.common.DataVersion;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.RegisterBrokerBody;
import io.comet.common.TopicConfig;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.common.TopicList;
import io.comet.common.TopicRouteData;
import io.comet.namesrv.internal.processor.Tunables;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingException;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NameServer core on 127.0.0.1 with a free port, driven over TCP by Comet's remoting client playing brokers
 * (a master and a slave of broker-a in ClusterA, broker-b in ClusterB) and tools.
 */
@Timeout(30)
class NameServerNetworkTest {
    private static final long TIMEOUT = 5000;
    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final List<RemotingServer> bound = new ArrayList<>();
    private final List<RemotingClient> clients = new ArrayList<>();
    private NameServerCore core;
    private String addr;

    @BeforeEach
    void start() throws Exception {
        NamesrvSettings settings = NamesrvSettings.defaults().withAddress("127.0.0.1", 0)
                .withKvConfigPath(dir.resolve("kvConfig.json")).withExpiry(50, 120_000);
        core = new NameServerCore(settings, clock::get, () -> null, () -> Map.of("listenPort", "0"),
                new NameServerCore.ServerListener() {
                    @Override public void bound(RemotingServer server) { bound.add(server); }
                    @Override public void unbinding(RemotingServer server) { bound.remove(server); }
                });
        core.start();
        addr = "127.0.0.1:" + core.server().port();
    }

    @AfterEach
    void stop() {
        clients.forEach(RemotingClient::close);
        if (core != null) {
            core.close();
        }
        assertTrue(bound.isEmpty(), "server unpublished on close");
    }

    private RemotingClient client() {
        RemotingClient c = Remoting.newClient(ClientSettings.defaults());
        clients.add(c);
        return c;
    }

    private RemotingCommand call(RemotingClient client, RemotingCommand request) throws RemotingException {
        return client.invokeSync(addr, request, TIMEOUT);
    }

    private RemotingCommand register(RemotingClient client, String cluster, String name, long id, String brokerAddr,
                                     long counter, TopicConfig... topics) throws RemotingException {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        for (TopicConfig t : topics) {
            table.put(t.topicName(), t);
        }
        byte[] body = new RegisterBrokerBody(new TopicConfigSerializeWrapper(table, new DataVersion(counter, 0, counter)),
                List.of()).encode(false);
        RemotingCommand resp = call(client, RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .put("brokerName", name).put("brokerAddr", brokerAddr).put("clusterName", cluster)
                .put("haServerAddr", brokerAddr.replace("911", "912")).put("brokerId", id)
                .put("compressed", false).put("bodyCrc32", 0).body(body));
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        return resp;
    }

    private RemotingCommand route(RemotingClient client, String topic) throws RemotingException {
        return call(client, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).put("topic", topic));
    }

    private ClusterInfo clusterInfo(RemotingClient client) throws RemotingException {
        return Json.fromBytes(call(client, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO)).body(), ClusterInfo.class);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 5 s: " + what);
    }

    @Test
    void brokersToolsAndClientsOverTcp() throws Exception {
        RemotingClient masterA = client();
        RemotingClient slaveA = client();
        RemotingClient masterB = client();
        RemotingClient tool = client();

        assertNull(register(masterA, "ClusterA", "broker-a", 0, "127.0.0.1:20911", 1,
                TopicConfig.of("TopicA", 4, 4), TopicConfig.of("TBW102", 8, 8).withPerm(7)).field("masterAddr"));
        RemotingCommand slave = register(slaveA, "ClusterA", "broker-a", 1, "127.0.0.1:21911", 1, TopicConfig.of("TopicA", 4, 4));
        assertEquals("127.0.0.1:20911", slave.field("masterAddr"));
        assertEquals("127.0.0.1:20912", slave.field("haServerAddr"));
        register(masterB, "ClusterB", "broker-b", 0, "127.0.0.1:22911", 1,
                TopicConfig.of("TopicA", 2, 2).withPerm(4), TopicConfig.of("TopicB", 1, 1));

        RemotingCommand routeA = route(tool, "TopicA");
        assertEquals(ResponseCode.SUCCESS, routeA.code());
        assertTrue(new String(routeA.body(), StandardCharsets.UTF_8)
                .contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:20911\",\"1\":\"127.0.0.1:21911\"}"), "quoted broker ids");
        TopicRouteData ra = Json.fromBytes(routeA.body(), TopicRouteData.class);
        assertEquals(List.of("broker-a", "broker-b"), ra.queueDatas().stream().map(q -> q.brokerName()).toList());
        assertEquals(List.of(6, 4), ra.queueDatas().stream().map(q -> q.perm()).toList());
        assertEquals(2, ra.brokerDatas().size());
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, route(tool, "NoSuchTopic").code());

        ClusterInfo info = clusterInfo(tool);
        assertEquals(List.of("broker-a"), info.clusterAddrTable().get("ClusterA"));
        assertEquals(List.of("broker-b"), info.clusterAddrTable().get("ClusterB"));
        assertEquals(Map.of(0L, "127.0.0.1:20911", 1L, "127.0.0.1:21911"), info.brokerAddrTable().get("broker-a").brokerAddrs());

        TopicList all = Json.fromBytes(call(tool, RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body(), TopicList.class);
        assertEquals(List.of("TBW102", "TopicA", "TopicB"), all.topicList());
        TopicList inB = Json.fromBytes(call(tool, RemotingCommand.request(RequestCode.GET_TOPICS_BY_CLUSTER)
                .put("cluster", "ClusterB")).body(), TopicList.class);
        assertEquals(List.of("TopicA", "TopicB"), inB.topicList());

        // KV configuration, persisted
        assertEquals(ResponseCode.SUCCESS, call(tool, RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                .put("namespace", "ORDER_TOPIC_CONFIG").put("key", "TopicA").put("value", "broker-a:4")).code());
        assertEquals("broker-a:4", call(tool, RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                .put("namespace", "ORDER_TOPIC_CONFIG").put("key", "TopicA")).field("value"));
        assertEquals(Map.of("TopicA", "broker-a:4"), Json.fromBytes(call(tool, RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE)
                .put("namespace", "ORDER_TOPIC_CONFIG")).body(), KVTable.class).table());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, call(tool, RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                .put("namespace", "ORDER_TOPIC_CONFIG").put("key", "Other")).code());
        assertTrue(java.nio.file.Files.readString(dir.resolve("kvConfig.json")).contains("broker-a:4"));

        // orderMessageEnable applies live
        assertNull(Json.fromBytes(route(tool, "TopicA").body(), TopicRouteData.class).orderTopicConf());
        core.update(core.settings().withTunables(new Tunables(true, true, true, true, Tunables.parseBlackList(Tunables.DEFAULT_BLACK_LIST))));
        assertEquals("broker-a:4", Json.fromBytes(route(tool, "TopicA").body(), TopicRouteData.class).orderTopicConf());

        // unregistering the slave
        assertEquals(ResponseCode.SUCCESS, call(slaveA, RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                .put("brokerName", "broker-a").put("brokerAddr", "127.0.0.1:21911").put("clusterName", "ClusterA")
                .put("brokerId", 1)).code());
        assertEquals(Map.of(0L, "127.0.0.1:20911"), clusterInfo(tool).brokerAddrTable().get("broker-a").brokerAddrs());

        // broker-b's connection closes: it is removed at once
        masterB.close();
        await(() -> {
            try {
                return !clusterInfo(tool).brokerAddrTable().containsKey("broker-b");
            } catch (RemotingException e) {
                throw new AssertionError(e);
            }
        }, "broker-b removed when its connection closed");
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, route(tool, "TopicB").code());
        assertEquals(List.of("broker-a"), Json.fromBytes(route(tool, "TopicA").body(), TopicRouteData.class)
                .queueDatas().stream().map(q -> q.brokerName()).toList());
        assertEquals(1, core.status().get("brokers"));

        // broker-a falls silent past the limit: the scan removes it and closes its connection
        clock.addAndGet(120_001);
        await(() -> {
            try {
                return route(tool, "TopicA").code() == ResponseCode.TOPIC_NOT_EXIST;
            } catch (RemotingException e) {
                throw new AssertionError(e);
            }
        }, "broker-a expired");
        assertTrue(clusterInfo(tool).clusterAddrTable().isEmpty());
    }

    @Test
    void aBrokerThatMovedClusterLeavesNoStaleEntryWhenItsConnectionCloses() throws Exception {
        RemotingClient broker = client();
        RemotingClient tool = client();
        register(broker, "C1", "b1", 0, "127.0.0.1:1", 1);
        register(broker, "C2", "b1", 0, "127.0.0.1:1", 1);
        assertEquals(Map.of("C2", List.of("b1")), clusterInfo(tool).clusterAddrTable());
        broker.close();
        await(() -> {
            try {
                ClusterInfo info = clusterInfo(tool);
                return info.brokerAddrTable().isEmpty() && info.clusterAddrTable().isEmpty();
            } catch (RemotingException e) {
                throw new AssertionError(e);
            }
        }, "b1 and its cluster removed when its connection closed");
    }

    @Test
    void brokerHeartbeatKeepsABrokerPastTheLimit() throws Exception {
        RemotingClient broker = client();
        register(broker, "C", "broker-h", 0, "127.0.0.1:23911", 1, TopicConfig.of("TopicH", 1, 1));
        for (int i = 0; i < 3; i++) {
            clock.addAndGet(100_000);
            assertEquals(ResponseCode.SUCCESS, call(broker, RemotingCommand.request(RequestCode.BROKER_HEARTBEAT)
                    .put("clusterName", "C").put("brokerAddr", "127.0.0.1:23911").put("brokerName", "broker-h")
                    .put("brokerId", 0)).code());
        }
        Thread.sleep(200); // several scans
        assertEquals(ResponseCode.SUCCESS, route(broker, "TopicH").code(), "alive after 300 s thanks to heartbeats");
    }

    @Test
    void listenPortChangeRebindsAndRepublishes() throws Exception {
        int newPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            newPort = probe.getLocalPort();
        }
        RemotingServer before = core.server();
        RemotingClient broker = client();
        register(broker, "C", "broker-r", 0, "127.0.0.1:24911", 1, TopicConfig.of("TopicR", 1, 1));
        String oldAddr = addr;

        core.update(core.settings().withAddress("127.0.0.1", newPort));
        assertEquals(newPort, core.server().port());
        assertNotEquals(before, core.server());
        assertEquals(List.of(core.server()), bound, "the new server is published, the old one withdrawn");
        addr = "127.0.0.1:" + newPort;
        RemotingClient tool = client();
        assertEquals(ResponseCode.SUCCESS, route(tool, "TopicR").code(), "routes survive a rebind");
        assertThrows(RemotingException.class, () -> tool.invokeSync(oldAddr,
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 2000));
        assertFalse(core.status().get("listen").toString().endsWith(":" + before.port()));
    }
}
