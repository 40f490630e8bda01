package io.comet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The route and cluster model writes the JSON RocketMQ clients decode, and reads what RocketMQ writes. */
class RouteModelJsonTest {

    private static BrokerData brokerA() {
        TreeMap<Long, String> addrs = new TreeMap<>();
        addrs.put(1L, "192.168.0.11:10911");
        addrs.put(0L, "192.168.0.10:10911");
        return new BrokerData("DefaultCluster", "broker-a", addrs, null, false);
    }

    @Test
    void brokerAddrsKeysAreWrittenQuotedInIdOrder() {
        assertEquals("{\"brokerAddrs\":{\"0\":\"192.168.0.10:10911\",\"1\":\"192.168.0.11:10911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}",
                Json.toString(brokerA()));
    }

    @Test
    void longKeyedMapWritesQuotedKeys() {
        assertEquals("{\"0\":\"a\"}", Json.toString(Map.of(0L, "a")));
    }

    @Test
    void unquotedNumericKeysAsFastjsonWritesThemAreAccepted() {
        BrokerData read = Json.fromString("{brokerAddrs:{0:\"10.0.0.1:10911\",2:\"10.0.0.3:10911\"},"
                + "\"brokerName\":\"b\",\"cluster\":\"C\"}", BrokerData.class);
        assertEquals("10.0.0.1:10911", read.masterAddr());
        assertEquals("10.0.0.3:10911", read.brokerAddrs().get(2L));
        assertFalse(read.enableActingMaster());
    }

    @Test
    void routeMatchesTheSampleOfTheProtocolSheet() {
        TopicRouteData route = new TopicRouteData(null,
                List.of(new QueueData("broker-a", 4, 4, 6, 0)),
                List.of(new BrokerData("DefaultCluster", "broker-a", new TreeMap<>(Map.of(0L, "192.168.0.10:10911")), null, false)),
                Map.of());
        assertEquals("{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"192.168.0.10:10911\"},\"brokerName\":\"broker-a\","
                + "\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}],\"filterServerTable\":{},"
                + "\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":4,\"topicSysFlag\":0,"
                + "\"writeQueueNums\":4}]}", Json.toString(route));
        assertTrue(Json.toString(route.withOrderTopicConf("broker-a:4")).startsWith("{\"brokerDatas\""));
        assertTrue(Json.toString(route.withOrderTopicConf("broker-a:4")).contains("\"orderTopicConf\":\"broker-a:4\""));
    }

    @Test
    void routeRoundTrips() {
        TopicRouteData route = new TopicRouteData("broker-a:2",
                List.of(new QueueData("broker-a", 2, 2, 7, 0)), List.of(brokerA()), Map.of("x:1", List.of("f:1")));
        assertEquals(route, Json.fromBytes(Json.toBytes(route), TopicRouteData.class));
    }

    @Test
    void clusterInfoOfTheRealNameServerDecodes() {
        ClusterInfo info = Json.fromString("{\"brokerAddrTable\":{\"broker-a\":{\"brokerAddrs\":{0:\"192.168.0.10:10911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\"}},\"clusterAddrTable\":{\"DefaultCluster\":[\"broker-a\"]}}",
                ClusterInfo.class);
        assertEquals("192.168.0.10:10911", info.brokerAddrTable().get("broker-a").masterAddr());
        assertEquals(List.of("broker-a"), info.clusterAddrTable().get("DefaultCluster"));
    }

    @Test
    void topicConfigMatchesTheSheetAndDefaultsMissingFields() {
        TopicConfig tc = TopicConfig.of("TopicTest", 4, 4);
        assertEquals("{\"attributes\":{},\"order\":false,\"perm\":6,\"readQueueNums\":4,\"topicFilterType\":\"SINGLE_TAG\","
                + "\"topicName\":\"TopicTest\",\"topicSysFlag\":0,\"writeQueueNums\":4}", Json.toString(tc));
        TopicConfig minimal = Json.fromString("{\"topicName\":\"T\"}", TopicConfig.class);
        assertEquals(16, minimal.readQueueNums());
        assertEquals(16, minimal.writeQueueNums());
        assertEquals(6, minimal.perm());
        assertEquals(TopicFilterType.SINGLE_TAG, minimal.topicFilterType());
    }

    @Test
    void dataVersionJsonAndEquality() {
        DataVersion v = new DataVersion(3, 0, 1700000000000L);
        assertEquals("{\"counter\":3,\"stateVersion\":0,\"timestamp\":1700000000000}", Json.toString(v));
        assertEquals(v, Json.fromString("{\"counter\":3,\"timestamp\":1700000000000}", DataVersion.class));
        assertEquals(new DataVersion(4, 0, 5), v.next(5));
    }

    @Test
    void topicListOmitsAbsentBrokerAddr() {
        assertEquals("{\"topicList\":[\"A\",\"B\"]}", Json.toString(TopicList.of(List.of("A", "B"))));
        assertNull(Json.fromString("{\"topicList\":[\"A\"]}", TopicList.class).brokerAddr());
    }

    @Test
    void kvTableJson() {
        assertEquals("{\"table\":{\"T\":\"broker-a:4\"}}", Json.toString(new KVTable(Map.of("T", "broker-a:4"))));
    }

    @Test
    void permNames() {
        assertEquals("RWX", PermName.toString(7));
        assertEquals("R--", PermName.toString(4));
        assertTrue(PermName.isWriteable(6));
        assertFalse(PermName.isWriteable(4));
    }
}
