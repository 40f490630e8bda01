package io.comet.namesrv.internal.processor;

import static io.comet.namesrv.internal.processor.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.DataVersion;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.QueueData;
import io.comet.common.TopicConfig;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.common.TopicList;
import io.comet.common.TopicRouteData;
import io.comet.namesrv.internal.kv.KvConfigStore;
import io.comet.namesrv.internal.route.BrokerRegistration;
import io.comet.namesrv.internal.route.BrokerRegistry;
import io.comet.namesrv.internal.route.RouteQueries;
import io.comet.namesrv.internal.route.RouteTables;
import io.comet.namesrv.internal.route.TopicAdmin;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route lookups, cluster info, topic lists, topic administration and KV requests as tools send them. */
class ClientAndAdminProcessorTest {
    @TempDir
    Path dir;
    private final RouteTables tables = new RouteTables(() -> 0L);
    private final RouteQueries routes = new RouteQueries(tables);
    private volatile Tunables tunables = Tunables.defaults();
    private KvConfigStore kv;
    private ClientRequestProcessor client;
    private RouteAdminProcessor admin;
    private KvConfigProcessor kvProcessor;

    @BeforeEach
    void setUp() {
        kv = new KvConfigStore(dir.resolve("kv.json"));
        client = new ClientRequestProcessor(routes, kv, () -> tunables);
        admin = new RouteAdminProcessor(routes, new TopicAdmin(tables), () -> tunables);
        kvProcessor = new KvConfigProcessor(kv);
        BrokerRegistry registry = new BrokerRegistry(tables);
        registry.register(BrokerRegistration.of("C1", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912",
                new TopicConfigSerializeWrapper(Map.of("TopicA", TopicConfig.of("TopicA", 4, 4)), new DataVersion(1, 0, 1)), null));
        registry.register(BrokerRegistration.of("C1", "10.0.0.2:10911", "broker-a", 1, "10.0.0.2:10912",
                new TopicConfigSerializeWrapper(Map.of(), new DataVersion(1, 0, 1)), null));
        registry.register(BrokerRegistration.of("C2", "10.0.0.3:10911", "broker-b", 0, "10.0.0.3:10912",
                new TopicConfigSerializeWrapper(Map.of("TopicB", TopicConfig.of("TopicB", 2, 2)), new DataVersion(1, 0, 1)), null));
    }

    @Test
    void routeIsStandardJsonWithQuotedBrokerIds() {
        RemotingCommand resp = client.answer(null, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, "topic", "TopicA"));
        assertEquals(ResponseCode.SUCCESS, resp.code());
        String json = new String(resp.body(), StandardCharsets.UTF_8);
        assertEquals("{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"10.0.0.1:10911\",\"1\":\"10.0.0.2:10911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"C1\",\"enableActingMaster\":false}],\"filterServerTable\":{},"
                + "\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":4,\"topicSysFlag\":0,"
                + "\"writeQueueNums\":4}]}", json);
        assertFalse(json.contains("topicQueueMappingByBroker"));
        assertFalse(json.contains("orderTopicConf"));
        TopicRouteData decoded = Json.fromBytes(resp.body(), TopicRouteData.class);
        assertEquals("10.0.0.2:10911", decoded.brokerDatas().get(0).brokerAddrs().get(1L));
    }

    @Test
    void unknownTopicAnswers17WithoutBody() {
        RemotingCommand resp = client.answer(null, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, "topic", "Nope"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, resp.code());
        assertTrue(resp.remark().contains("Nope"));
        assertNull(resp.body());
        RemotingCommand noTopic = client.answer(null, request(RequestCode.GET_ROUTEINFO_BY_TOPIC));
        assertEquals(ResponseCode.SYSTEM_ERROR, noTopic.code());
        assertTrue(noTopic.remark().contains("'topic'"), noTopic.remark());
    }

    @Test
    void orderTopicConfOnlyWhenOrderMessagesAreEnabled() {
        kv.put("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:4");
        RemotingCommand plain = client.answer(null, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, "topic", "TopicA"));
        assertNull(Json.fromBytes(plain.body(), TopicRouteData.class).orderTopicConf());
        tunables = new Tunables(true, true, true, true, Set.of());
        RemotingCommand ordered = client.answer(null, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, "topic", "TopicA"));
        assertEquals("broker-a:4", Json.fromBytes(ordered.body(), TopicRouteData.class).orderTopicConf());
        RemotingCommand other = client.answer(null, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, "topic", "TopicB"));
        assertNull(Json.fromBytes(other.body(), TopicRouteData.class).orderTopicConf());
    }

    @Test
    void clusterInfoAndTopicLists() {
        ClusterInfo info = Json.fromBytes(admin.answer(null, request(RequestCode.GET_BROKER_CLUSTER_INFO)).body(), ClusterInfo.class);
        assertEquals(List.of("broker-a"), info.clusterAddrTable().get("C1"));
        BrokerData a = info.brokerAddrTable().get("broker-a");
        assertEquals("10.0.0.1:10911", a.masterAddr());
        assertEquals(2, a.brokerAddrs().size());

        TopicList all = Json.fromBytes(admin.answer(null, request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body(), TopicList.class);
        assertEquals(List.of("TopicA", "TopicB"), all.topicList());
        TopicList c2 = Json.fromBytes(admin.answer(null, request(RequestCode.GET_TOPICS_BY_CLUSTER, "cluster", "C2")).body(), TopicList.class);
        assertEquals(List.of("TopicB"), c2.topicList());
        TopicList sys = Json.fromBytes(admin.answer(null, request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS)).body(), TopicList.class);
        assertEquals(List.of("C1", "broker-a", "C2", "broker-b"), sys.topicList());

        tunables = new Tunables(false, true, false, false, Set.of());
        RemotingCommand off = admin.answer(null, request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
        assertEquals(ResponseCode.SYSTEM_ERROR, off.code());
        assertEquals("disable", off.remark());
        assertEquals("disable", admin.answer(null, request(RequestCode.GET_TOPICS_BY_CLUSTER, "cluster", "C2")).remark());
    }

    @Test
    void deleteRegisterAndPermissionRequests() {
        RemotingCommand wipe = admin.answer(null, request(RequestCode.WIPE_WRITE_PERM_OF_BROKER, "brokerName", "broker-a"));
        assertEquals("1", wipe.field("wipeTopicCount"));
        assertEquals(4, routes.route("TopicA").queueDatas().get(0).perm());
        RemotingCommand add = admin.answer(null, request(RequestCode.ADD_WRITE_PERM_OF_BROKER, "brokerName", "broker-a"));
        assertEquals("1", add.field("addTopicCount"));
        assertEquals(6, routes.route("TopicA").queueDatas().get(0).perm());

        TopicRouteData newRoute = new TopicRouteData(null, List.of(new QueueData("broker-b", 1, 1, 6, 0)), List.of(), Map.of());
        assertEquals(ResponseCode.SUCCESS, admin.answer(null, request(RequestCode.REGISTER_TOPIC_IN_NAMESRV, "topic", "TopicR")
                .body(Json.toBytes(newRoute))).code());
        assertEquals("broker-b", routes.route("TopicR").queueDatas().get(0).brokerName());

        admin.answer(null, request(RequestCode.DELETE_TOPIC_IN_NAMESRV, "topic", "TopicA", "clusterName", "C2"));
        assertEquals(1, routes.route("TopicA").queueDatas().size(), "TopicA is not in C2");
        admin.answer(null, request(RequestCode.DELETE_TOPIC_IN_NAMESRV, "topic", "TopicA"));
        assertNull(routes.route("TopicA"));
        assertTrue(admin.answer(null, request(RequestCode.DELETE_TOPIC_IN_NAMESRV)).remark().contains("'topic'"));
    }

    @Test
    void kvRequests() {
        assertEquals(ResponseCode.SUCCESS, kvProcessor.answer(null, request(RequestCode.PUT_KV_CONFIG,
                "namespace", "ORDER_TOPIC_CONFIG", "key", "T", "value", "broker-a:4")).code());
        RemotingCommand got = kvProcessor.answer(null, request(RequestCode.GET_KV_CONFIG, "namespace", "ORDER_TOPIC_CONFIG", "key", "T"));
        assertEquals("broker-a:4", got.field("value"));
        RemotingCommand list = kvProcessor.answer(null, request(RequestCode.GET_KVLIST_BY_NAMESPACE, "namespace", "ORDER_TOPIC_CONFIG"));
        assertEquals(Map.of("T", "broker-a:4"), Json.fromBytes(list.body(), KVTable.class).table());

        kvProcessor.answer(null, request(RequestCode.DELETE_KV_CONFIG, "namespace", "ORDER_TOPIC_CONFIG", "key", "T"));
        RemotingCommand missing = kvProcessor.answer(null, request(RequestCode.GET_KV_CONFIG, "namespace", "ORDER_TOPIC_CONFIG", "key", "T"));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, missing.code());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, kvProcessor.answer(null,
                request(RequestCode.GET_KVLIST_BY_NAMESPACE, "namespace", "NoSuchNs")).code());

        RemotingCommand noValue = kvProcessor.answer(null, request(RequestCode.PUT_KV_CONFIG, "namespace", "N", "key", "k"));
        assertEquals(ResponseCode.SYSTEM_ERROR, noValue.code());
        assertTrue(noValue.remark().contains("'value'"), noValue.remark());
        assertNull(kv.get("N", "k"));
    }
}
