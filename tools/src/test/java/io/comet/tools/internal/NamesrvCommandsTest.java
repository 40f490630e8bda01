package io.comet.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The NameServer commands against Comet's NameServer (in-process core) with two fake brokers registered. */
@Timeout(60)
class NamesrvCommandsTest {
    @TempDir
    static Path dir;
    static ClusterFixture cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ClusterFixture(dir);
        cluster.a.runtime.put("brokerVersionDesc", "V5_3_1");
        cluster.a.runtime.put("putTps", "12.5 11.0 10.0");
        cluster.a.runtime.put("getTransferredTps", "3.25 1.0 1.0");
        cluster.a.runtime.put("sendThreadPoolQueueSize", "2");
        cluster.a.runtime.put("sendThreadPoolQueueHeadWaitTimeMills", "5");
        cluster.a.runtime.put("pullThreadPoolQueueSize", "1");
        cluster.a.runtime.put("commitLogDiskRatio", "0.1234");
        cluster.a.runtime.put("brokerActive", "true");
        cluster.a.runtime.put("msgPutTotalYesterdayMorning", "10");
        cluster.a.runtime.put("msgPutTotalTodayMorning", "25");
        cluster.a.runtime.put("msgPutTotalTodayNow", "31");
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static List<String> tokens(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }

    @Test
    void clusterListShowsEveryBrokerWithItsRuntimeFigures() {
        AdminRun r = cluster.admin("clusterList");
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertEquals(List.of("#Cluster", "Name", "#Broker", "Name", "#BID", "#Addr", "#Version", "#InTPS(LOAD)",
                "#OutTPS(LOAD)", "#Timer(Progress)", "#PCWait(ms)", "#Hour", "#SPACE", "#ACTIVATED"), tokens(lines[0]));
        assertTrue(lines[0].startsWith("#Cluster Name           #Broker Name            #BID  #Addr"), lines[0]);
        assertEquals(List.of("ClusterOne", "broker-a", "0", cluster.a.addr, "V5_3_1", "12.50(2,5ms)", "3.25(1,0ms)",
                "0-0(0.0w,", "0.0,", "0.0)", "0", "0.00", "0.1234", "true"), tokens(lines[1]));
        // a broker that does not answer: empty figures, as RocketMQ's tool prints them
        assertEquals(List.of("ClusterTwo", "broker-b", "0", cluster.b.addr, "0.00(,ms)", "0.00(,ms)",
                "0-0(0.0w,", "0.0,", "0.0)", "0.00", "0.0000", "false"), tokens(lines[2]));

        AdminRun one = cluster.admin("clusterList", "-c", "ClusterTwo");
        assertEquals(2, one.out().split("\n").length, one.out());
        assertTrue(one.out().contains("broker-b") && !one.out().contains("broker-a"));

        AdminRun more = cluster.admin("clusterList", "-m", "-c", "ClusterOne");
        assertEquals(List.of("ClusterOne", "broker-a", "15", "0", "6", "0"), tokens(more.out().split("\n")[1]),
                more.out());
    }

    @Test
    void topicListAndRouteShowWhatTheBrokersRegistered() {
        AdminRun list = cluster.admin("topicList");
        assertEquals(0, list.exit(), list.toString());
        assertEquals(List.of("%RETRY%cg", "TBW102", "TopicA", "TopicB"),
                Arrays.stream(list.out().split("\n")).sorted().toList());

        AdminRun byCluster = cluster.admin("topicList", "-c");
        String[] lines = byCluster.out().split("\n");
        assertEquals(List.of("#Cluster", "Name", "#Topic", "#Consumer", "Group"), tokens(lines[0]));
        assertTrue(byCluster.out().contains(String.format("%-20s  %-64s  %-64s%n", "ClusterOne", "TopicA", "cg")),
                byCluster.out());
        assertTrue(byCluster.out().contains(String.format("%-20s  %-64s  %-64s%n", "ClusterTwo", "TopicB", "cg")));
        assertTrue(!byCluster.out().contains("%RETRY%"), "retry topics are left out with -c");

        AdminRun route = cluster.admin("topicRoute", "-t", "TopicA");
        assertEquals(0, route.exit(), route.toString());
        JsonNode json = Json.fromString(route.out(), JsonNode.class);
        assertEquals("broker-a", json.path("queueDatas").get(0).path("brokerName").asText());
        assertEquals(2, json.path("queueDatas").get(0).path("writeQueueNums").asInt());
        assertEquals(cluster.a.addr, json.path("brokerDatas").get(0).path("brokerAddrs").path("0").asText());

        AdminRun listed = cluster.admin("topicRoute", "-t", "TopicA", "-l");
        String[] rows = listed.out().split("\n");
        assertEquals(List.of("#ClusterName", "#BrokerName", "#BrokerAddrs", "#ReadQueue", "#WriteQueue", "#Perm"),
                tokens(rows[0]));
        assertEquals(List.of("ClusterOne", "broker-a", "{0=" + cluster.a.addr + "}", "2", "2", "6"), tokens(rows[1]));
        assertEquals(List.of("Total:", "1", "2", "2"), tokens(rows[3]));

        AdminRun unknown = cluster.admin("topicRoute", "-t", "NoSuchTopic");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().startsWith("topicRoute command failed: CODE: 17"), unknown.err());
    }

    @Test
    void kvConfigIsWrittenAndDeleted() throws Exception {
        AdminRun put = cluster.admin("updateKvConfig", "-s", "ORDER_TOPIC_CONFIG", "-k", "TopicA", "-v", "broker-a:2");
        assertEquals(0, put.exit(), put.toString());
        assertEquals("create or update kv config to namespace success.\n", put.out());
        assertEquals("broker-a:2", cluster.core.kv().get("ORDER_TOPIC_CONFIG", "TopicA"));
        AdminRun del = cluster.admin("deleteKvConfig", "-s", "ORDER_TOPIC_CONFIG", "-k", "TopicA");
        assertEquals("delete kv config from namespace success.\n", del.out());
        assertNull(cluster.core.kv().get("ORDER_TOPIC_CONFIG", "TopicA"));
        AdminRun missing = cluster.admin("updateKvConfig", "-s", "NS", "-k", "K");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("Missing required option: v"), missing.err());
    }

    @Test
    void namesrvConfigIsReadAndUpdated() {
        AdminRun get = cluster.admin("getNamesrvConfig");
        assertEquals(0, get.exit(), get.toString());
        assertTrue(get.out().startsWith("============" + cluster.namesrv + "============\n"), get.out());
        assertTrue(get.out().contains(String.format("%-50s=  %s\n", "scanNotActiveBrokerInterval", "5000")));

        AdminRun set = cluster.admin("updateNamesrvConfig", "-k", "orderMessageEnable", "-v", "true");
        assertEquals(0, set.exit(), set.toString());
        assertEquals("update name server config success![" + cluster.namesrv + "]\norderMessageEnable : true\n",
                set.out());
        assertEquals("true", cluster.nsConfig.get("orderMessageEnable"));

        AdminRun bad = cluster.admin("updateNamesrvConfig", "-k", "scanNotActiveBrokerInterval", "-v", "soon");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("invalid value 'soon' for scanNotActiveBrokerInterval"), bad.err());
        assertEquals("5000", cluster.nsConfig.get("scanNotActiveBrokerInterval"));
    }
}
