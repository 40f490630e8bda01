package io.comet.itest.cluster;

import static io.comet.itest.cluster.AdminToolRuns.configMap;
import static io.comet.itest.cluster.AdminToolRuns.line;
import static io.comet.itest.cluster.AdminToolRuns.tokens;
import static io.comet.itest.cluster.ConsumeCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.cluster.AdminToolRuns.Run;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Topic and broker commands of {@code bin/mqadmin} (processes) against {@code bin/mqnamesrv} + {@code bin/mqbroker}:
 * updateTopic, topicRoute, topicStatus, deleteTopic, brokerStatus, getBrokerConfig, updateBrokerConfig. Each
 * effect is read back through rocketmq-tools 5.3.1 {@code DefaultMQAdminExt}; each output is compared with what
 * Apache's {@code MQAdminStartup} prints for the same request (or the same request on a twin topic).
 */
@Timeout(120)
class AdminToolTopicClusterTest extends AdminToolCase {

    @BeforeAll
    static void start() throws Exception {
        startCluster("broker-tt");
    }

    @Test
    void updateTopicRouteAndDeleteTopicAsApachesTool() throws Exception {
        String ours = "OurTopic" + cluster.run;
        String theirs = "TheirTopic" + cluster.run;
        Run create = mqadmin("updateTopic", "-c", "CometCluster", "-t", ours, "-r", "3", "-w", "2", "-p", "6");
        assertEquals(0, create.exit(), create.toString());
        String apacheCreate = apache("updateTopic", "-c", "CometCluster", "-t", theirs, "-r", "3", "-w", "2", "-p", "6");
        assertEquals(apacheCreate.replace(theirs, ours), create.out(), "same lines as Apache's tool");

        TopicConfig tc = cluster.admin.examineTopicConfig(cluster.brokerAddr, ours);
        assertEquals(List.of(3, 2, 6), List.of(tc.getReadQueueNums(), tc.getWriteQueueNums(), tc.getPerm()));
        await(() -> cluster.route(ours) && cluster.route(theirs), "both topics are routed");
        QueueData q = cluster.admin.examineTopicRouteInfo(ours).getQueueDatas().get(0);
        assertEquals(List.of("broker-tt", 3, 2), List.of(q.getBrokerName(), q.getReadQueueNums(),
                q.getWriteQueueNums()));

        Run listed = mqadmin("topicRoute", "-t", ours, "-l");
        assertEquals(apache("topicRoute", "-t", ours, "-l"), listed.out(), "topicRoute -l byte for byte");
        Run json = mqadmin("topicRoute", "-t", ours);
        assertEquals(apache("topicRoute", "-t", ours), json.out(), "topicRoute in fastjson's pretty layout");

        Run delete = mqadmin("deleteTopic", "-t", ours, "-c", "CometCluster");
        assertEquals(0, delete.exit(), delete.toString());
        String apacheDelete = apache("deleteTopic", "-t", theirs, "-c", "CometCluster");
        assertEquals(apacheDelete.replace(theirs, ours), delete.out());
        Set<String> topics = cluster.admin.fetchAllTopicList().getTopicList();
        assertFalse(topics.contains(ours) || topics.contains(theirs), "both deleted from the NameServer");
        assertFalse(cluster.admin.getAllTopicConfig(cluster.brokerAddr, 5000).getTopicConfigTable().containsKey(ours),
                "and from the broker");
    }

    @Test
    void topicStatusShowsTheQueueOffsetsAsApachesTool() throws Exception {
        String topic = cluster.topic("Status", 2);
        var producer = cluster.producer("status-producer");
        try {
            for (int i = 0; i < 5; i++) {
                producer.send(ConsumeCluster.message(topic, "T", "m" + i), new MessageQueue(topic, "broker-tt", 1));
            }
        } finally {
            producer.shutdown();
        }
        await(() -> maxOffset(topic, 1) == 5, "the five messages are dispatched");
        Run ours = mqadmin("topicStatus", "-t", topic);
        assertEquals(0, ours.exit(), ours.toString());
        assertEquals(apache("topicStatus", "-t", topic), ours.out(), "same table, Last Updated included");
        TopicStatsTable stats = cluster.admin.examineTopicStats(topic);
        long max = stats.getOffsetTable().get(new MessageQueue(topic, "broker-tt", 1)).getMaxOffset();
        assertEquals(List.of("broker-tt", "1", "0", String.valueOf(max)),
                tokens(ours.lines().get(2)).subList(0, 4));
        assertEquals(5, max);
    }

    private static long maxOffset(String topic, int queue) {
        try {
            return cluster.admin.maxOffset(new MessageQueue(topic, "broker-tt", queue));
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void brokerStatusReportsWhatTheAdminApiReads() throws Exception {
        Run ours = mqadmin("brokerStatus", "-b", cluster.brokerAddr);
        assertEquals(0, ours.exit(), ours.toString());
        Map<String, String> table = cluster.admin.fetchBrokerRuntimeStats(cluster.brokerAddr).getTable();
        assertEquals(new TreeSet<>(table.keySet()), keys(ours.out()), "one line per runtime key");
        assertEquals(keys(apache("brokerStatus", "-b", cluster.brokerAddr)), keys(ours.out()));
        assertTrue(ours.out().contains(String.format("%-32s: %s%n", "brokerVersionDesc", "V5_3_1")), ours.out());
        assertTrue(ours.out().contains(String.format("%-32s: %s%n", "brokerRole", "ASYNC_MASTER")), ours.out());
        Run byCluster = mqadmin("brokerStatus", "-c", "CometCluster");
        assertTrue(line(byCluster.out(), "brokerRole").startsWith(cluster.brokerAddr), byCluster.out());
    }

    private static Set<String> keys(String brokerStatus) {
        return Arrays.stream(brokerStatus.split("\n")).filter(l -> l.contains(": "))
                .map(l -> l.substring(0, l.indexOf(": ")).trim()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void brokerConfigIsReadAndChangedLive() throws Exception {
        Run get = mqadmin("getBrokerConfig", "-b", cluster.brokerAddr);
        assertEquals(0, get.exit(), get.toString());
        String apacheGet = apache("getBrokerConfig", "-b", cluster.brokerAddr);
        assertEquals(apacheGet.split("\n")[0], get.lines().get(0), "same title");
        assertEquals(configMap(apacheGet), configMap(get.out()));

        Run set = mqadmin("updateBrokerConfig", "-b", cluster.brokerAddr, "-k", "defaultTopicQueueNums", "-v", "5");
        assertEquals("update broker config success, " + cluster.brokerAddr + "\n", set.out(), set.toString());
        assertEquals("5", cluster.admin.getBrokerConfig(cluster.brokerAddr).getProperty("defaultTopicQueueNums"));
        String apacheSet = apache("updateBrokerConfig", "-c", "CometCluster", "-k", "defaultTopicQueueNums",
                "-v", "8");
        Run ourSet = mqadmin("updateBrokerConfig", "-c", "CometCluster", "-k", "defaultTopicQueueNums", "-v", "8");
        assertEquals(apacheSet, ourSet.out());
        assertEquals("8", cluster.admin.getBrokerConfig(cluster.brokerAddr).getProperty("defaultTopicQueueNums"));

        Run bad = mqadmin("updateBrokerConfig", "-b", cluster.brokerAddr, "-k", "defaultTopicQueueNums", "-v", "many");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("defaultTopicQueueNums"), bad.err());
        assertEquals("8", cluster.admin.getBrokerConfig(cluster.brokerAddr).getProperty("defaultTopicQueueNums"),
                "a refused value changes nothing");
    }

    @Test
    void wrongArgumentsOfTopicAndConfigCommandsGiveUsageAndExit2() {
        Run noTopic = mqadmin("topicStatus");
        assertEquals(2, noTopic.exit(), noTopic.toString());
        assertTrue(noTopic.err().startsWith("Missing required option: t\nusage: mqadmin topicStatus"), noTopic.err());
        Run noKey = mqadmin("updateBrokerConfig", "-b", cluster.brokerAddr, "-v", "1");
        assertEquals(2, noKey.exit(), noKey.toString());
        assertTrue(noKey.err().contains("usage: mqadmin updateBrokerConfig"), noKey.err());
        Run badAddr = mqadmin("brokerStatus", "-b", "nowhere");
        assertEquals(2, badAddr.exit(), badAddr.toString());
        assertTrue(badAddr.err().contains("invalid broker address 'nowhere'"), badAddr.err());
        assertEquals("", noTopic.out() + noKey.out() + badAddr.out());
    }
}
