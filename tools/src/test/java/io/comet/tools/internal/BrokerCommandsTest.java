package io.comet.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.Json;
import io.comet.common.StoredMessage;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker-side commands against fake brokers that answer as the protocol sheet says: the requests they send
 * (codes and header fields) and the tables they print from the answers.
 */
@Timeout(60)
class BrokerCommandsTest {
    @TempDir
    static Path dir;
    static ClusterFixture cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ClusterFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static List<String> tokens(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }

    private static RemotingCommand last(FakeBroker b, int code) {
        List<RemotingCommand> r = b.requests(code);
        assertFalse(r.isEmpty(), "no request " + code + " reached " + b.name);
        return r.get(r.size() - 1);
    }

    @Test
    void updateTopicSendsTheTopicToTheBrokerOrEveryMasterOfTheCluster() {
        AdminRun r = cluster.admin("updateTopic", "-b", cluster.a.addr, "-t", "NewTopic", "-r", "3", "-w", "4", "-p", "4");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("create topic to " + cluster.a.addr + " success.\nTopicConfig [topicName=NewTopic, readQueueNums=3,"
                + " writeQueueNums=4, perm=R--, topicFilterType=SINGLE_TAG, topicSysFlag=0, order=false, attributes={}]\n",
                r.out());
        RemotingCommand req = last(cluster.a, RequestCode.UPDATE_AND_CREATE_TOPIC);
        assertEquals("NewTopic", req.field("topic"));
        assertEquals("TBW102", req.field("defaultTopic"));
        assertEquals("3", req.field("readQueueNums"));
        assertEquals("4", req.field("writeQueueNums"));
        assertEquals("4", req.field("perm"));
        assertEquals("SINGLE_TAG", req.field("topicFilterType"));
        assertEquals("false", req.field("order"));

        AdminRun c = cluster.admin("updateTopic", "-c", "ClusterTwo", "-t", "OrderTopic", "-o", "true");
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().startsWith("create topic to " + cluster.b.addr + " success.\n"
                + "set cluster orderConf. isOrder=true, orderConf=[broker-b:8]\n"), c.out());
        assertEquals(8, cluster.b.topics.get("OrderTopic").readQueueNums(), "mqadmin's default is 8 queues");
        assertEquals("broker-b:8", cluster.core.kv().get("ORDER_TOPIC_CONFIG", "OrderTopic"));
        assertFalse(cluster.a.topics.containsKey("OrderTopic"), "only ClusterTwo's masters");

        AdminRun noCluster = cluster.admin("updateTopic", "-c", "Nope", "-t", "X");
        assertEquals(1, noCluster.exit());
        assertTrue(noCluster.err().contains("cluster [Nope] not exist"), noCluster.err());
    }

    @Test
    void deleteTopicRemovesItFromTheClusterMastersAndTheNameServer() {
        assertTrue(cluster.admin("topicList").out().contains("TopicB\n"));
        AdminRun r = cluster.admin("deleteTopic", "-t", "TopicB", "-c", "ClusterTwo");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("delete topic [TopicB] from cluster [ClusterTwo] success.\n"
                + "delete topic [TopicB] from NameServer success.\n", r.out());
        assertFalse(cluster.b.topics.containsKey("TopicB"));
        assertFalse(cluster.admin("topicList").out().contains("TopicB\n"), "gone from the NameServer");
    }

    @Test
    void topicStatusListsEveryQueueSorted() {
        cluster.a.store("TopicA", 1, "x", null, "U1");
        AdminRun r = cluster.admin("topicStatus", "-t", "TopicA");
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(String.format("%-32s  %-4s  %-20s  %-20s    %s", "#Broker Name", "#QID", "#Min Offset",
                "#Max Offset", "#Last Updated"), lines[0]);
        long inQueue0 = cluster.a.stored.stream().filter(m -> m.topic().equals("TopicA") && m.queueId() == 0).count();
        long inQueue1 = cluster.a.stored.stream().filter(m -> m.topic().equals("TopicA") && m.queueId() == 1).count();
        assertEquals(List.of("broker-a", "0", "0", String.valueOf(inQueue0)), tokens(lines[1]).subList(0, 4));
        assertEquals(List.of("broker-a", "1", "0", String.valueOf(inQueue1)), tokens(lines[2]).subList(0, 4));
        assertEquals(3, lines.length, "one line per queue of TopicA's 2");
        assertTrue(lines[2].endsWith(Formats.millis(1_700_000_000_000L)), lines[2]);
    }

    @Test
    void brokerConfigIsShownAndChangedAndBrokerModeSwapsRoleAndFlush() {
        AdminRun get = cluster.admin("getBrokerConfig", "-b", cluster.a.addr);
        assertEquals(0, get.exit(), get.toString());
        assertTrue(get.out().startsWith("============" + cluster.a.addr + "============\n"), get.out());
        assertTrue(get.out().contains(String.format("%-50s=  %s\n", "brokerName", "broker-a")));

        AdminRun upd = cluster.admin("updateBrokerConfig", "-c", "ClusterOne", "-k", "fileReservedTime", "-v", "24");
        assertEquals("update broker config success, " + cluster.a.addr + "\n", upd.out());
        assertEquals("24", cluster.a.config.get("fileReservedTime"));

        AdminRun show = cluster.admin("brokerMode", "-b", cluster.a.addr);
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains(String.format("%-50s=  %s\n", "brokerRole", "ASYNC_MASTER")), show.out());
        int updatesBefore = cluster.a.requests(RequestCode.UPDATE_BROKER_CONFIG).size();
        assertEquals(updatesBefore, cluster.a.requests(RequestCode.UPDATE_BROKER_CONFIG).size(), "showing changes nothing");

        AdminRun swap = cluster.admin("brokerMode", "-b", cluster.a.addr, "-r", "sync_master", "-f", "SYNC_FLUSH");
        assertEquals(0, swap.exit(), swap.toString());
        assertEquals("brokerRole=SYNC_MASTER\nflushDiskType=SYNC_FLUSH\n",
                new String(last(cluster.a, RequestCode.UPDATE_BROKER_CONFIG).body()));
        assertTrue(swap.out().contains(String.format("%-50s=  %s\n", "flushDiskType", "SYNC_FLUSH")), swap.out());
        assertTrue(swap.out().endsWith("update broker mode success, " + cluster.a.addr + "\n"));
        assertEquals("SYNC_MASTER", cluster.a.config.get("brokerRole"));
    }

    @Test
    void brokerStatusPrintsTheRuntimeTableSorted() {
        cluster.b.runtime.put("putTps", "1.0 1.0 1.0");
        cluster.b.runtime.put("brokerVersionDesc", "V5_3_1");
        AdminRun r = cluster.admin("brokerStatus", "-b", cluster.b.addr);
        assertEquals(String.format("%-32s: %s%n%-32s: %s%n", "brokerVersionDesc", "V5_3_1", "putTps", "1.0 1.0 1.0"),
                r.out());
        AdminRun c = cluster.admin("brokerStatus", "-c", "ClusterTwo");
        assertTrue(c.out().startsWith(String.format("%-24s %-32s: %s%n", cluster.b.addr, "brokerVersionDesc", "V5_3_1")),
                c.out());
    }

    @Test
    void consumerProgressAndConnections() {
        AdminRun p = cluster.admin("consumerProgress", "-g", "cg");
        assertEquals(0, p.exit(), p.toString());
        String[] lines = p.out().split("\n");
        assertEquals(List.of("#Topic", "#Broker", "Name", "#QID", "#Broker", "Offset", "#Consumer", "Offset", "#Diff",
                "#Inflight", "#LastTime"), tokens(lines[0]));
        assertEquals(List.of("TopicA", "broker-a", "0", "5", "5", "0", "0", "N/A"), tokens(lines[1]));
        assertEquals(List.of("TopicA", "broker-a", "1", "10", "7", "3", "2", "N/A"), tokens(lines[2]));
        assertTrue(p.out().endsWith("\nConsume TPS: 1.50\nConsume Diff Total: 3\nConsume Inflight Total: 2\n"), p.out());
        assertEquals("cg", last(cluster.a, RequestCode.GET_CONSUME_STATS).field("consumerGroup"));

        AdminRun all = cluster.admin("consumerProgress");
        assertEquals(List.of("cg", "1", "V5_3_1", "PUSH", "CLUSTERING", "1", "3"), tokens(all.out().split("\n")[1]),
                all.out());

        AdminRun conn = cluster.admin("consumerConnection", "-g", "cg");
        assertEquals(0, conn.exit(), conn.toString());
        assertEquals(String.format("%-36s %-22s %-10s %s%n", "#ClientId", "#ClientAddr", "#Language", "#Version")
                + String.format("%-36s %-22s %-10s %s%n", "10.0.0.1@1#2", "10.0.0.1:5555", "JAVA", "V5_3_1")
                + "\nBelow is subscription:\n" + String.format("%-20s %s%n", "#Topic", "#SubExpression")
                + String.format("%-20s %s%n", "TopicA", "TagA || TagB") + "\n"
                + "ConsumeType: CONSUME_PASSIVELY\nMessageModel: CLUSTERING\nConsumeFromWhere: CONSUME_FROM_LAST_OFFSET\n",
                conn.out());
        AdminRun offline = cluster.admin("consumerConnection", "-g", "nobody", "-b", cluster.a.addr);
        assertEquals(1, offline.exit(), offline.toString());

        AdminRun prod = cluster.admin("producerConnection", "-g", "pg", "-t", "TopicA");
        assertEquals(String.format("%04d  %-32s %-22s %-8s %s%n", 1, "10.0.0.2@7#8", "10.0.0.2:6666", "JAVA", "V4_9_8"),
                prod.out());
        assertEquals("pg", last(cluster.a, RequestCode.GET_PRODUCER_CONNECTION_LIST).field("producerGroup"));
    }

    @Test
    void subscriptionGroupsAndOffsetReset() {
        AdminRun up = cluster.admin("updateSubGroup", "-b", cluster.a.addr, "-g", "g1", "-r", "3", "-o", "true");
        assertEquals(0, up.exit(), up.toString());
        assertTrue(up.out().startsWith("create subscription group to " + cluster.a.addr + " success.\n"
                + "SubscriptionGroupConfig{groupName=g1, consumeEnable=true, consumeFromMinEnable=false, "
                + "consumeBroadcastEnable=false, consumeMessageOrderly=true, retryQueueNums=1, retryMaxTimes=3, "
                + "groupRetryPolicy=GroupRetryPolicy{"), up.out());
        JsonNode body = Json.fromBytes(last(cluster.a, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP).body(),
                JsonNode.class);
        assertEquals("g1", body.path("groupName").asText());
        assertEquals(3, body.path("retryMaxTimes").asInt());
        assertTrue(body.path("consumeMessageOrderly").asBoolean());
        assertEquals(1, body.path("retryQueueNums").asInt());

        AdminRun del = cluster.admin("deleteSubGroup", "-b", cluster.a.addr, "-g", "g1", "-r", "true");
        assertEquals("delete subscription group [g1] from broker [" + cluster.a.addr + "] success.\n", del.out());
        RemotingCommand d = last(cluster.a, RequestCode.DELETE_SUBSCRIPTIONGROUP);
        assertEquals("g1", d.field("groupName"));
        assertEquals("true", d.field("removeOffset"));

        AdminRun reset = cluster.admin("resetOffsetByTime", "-g", "cg", "-t", "TopicA", "-s", "1700000000000");
        assertEquals(0, reset.exit(), reset.toString());
        String[] lines = reset.out().split("\n");
        assertEquals("start reset consumer offset by specified, group[cg], topic[TopicA], force[true], "
                + "timestamp(string)[1700000000000], timestamp(long)[1700000000000]", lines[0]);
        assertEquals(List.of("#brokerName", "#queueId", "#offset"), tokens(lines[1]));
        assertEquals(List.of("broker-a", "0", "2"), tokens(lines[2]));
        assertEquals(List.of("broker-a", "1", "3"), tokens(lines[3]));
        RemotingCommand req = last(cluster.a, Requests.INVOKE_BROKER_TO_RESET_OFFSET);
        assertEquals("1700000000000", req.field("timestamp"));
        assertEquals("cg", req.field("group"));

        AdminRun badTime = cluster.admin("resetOffsetByTime", "-g", "cg", "-t", "TopicA", "-s", "yesterday");
        assertEquals(2, badTime.exit());
    }

    @Test
    void sendQueryAndConsumeMessages() {
        AdminRun send = cluster.admin("sendMessage", "-t", "TopicA", "-p", "hello comet", "-k", "order-42",
                "-c", "TagA", "-b", "broker-a", "-i", "1");
        assertEquals(0, send.exit(), send.toString());
        String[] lines = send.out().split("\n");
        assertEquals(List.of("#Broker", "Name", "#QID", "#Send", "Result", "#MsgId"), tokens(lines[0]));
        List<String> row = tokens(lines[1]);
        assertEquals(List.of("broker-a", "1", "SEND_OK"), row.subList(0, 3));
        String uniq = row.get(3);
        assertEquals(32, uniq.length());
        RemotingCommand req = last(cluster.a, RequestCode.SEND_MESSAGE_V2);
        assertEquals("TopicA", req.field("b"));
        assertEquals("1", req.field("e"));
        StoredMessage stored = cluster.a.stored.get(cluster.a.stored.size() - 1);
        assertEquals("hello comet", new String(stored.body()));
        assertEquals("order-42", stored.property("KEYS"));

        AdminRun byId = cluster.admin("queryMsgById", "-i", stored.offsetMsgId());
        assertEquals(0, byId.exit(), byId.toString());
        assertTrue(byId.out().startsWith(String.format("%-20s %s%n%-20s %s%n", "OffsetID:", stored.offsetMsgId(),
                "Topic:", "TopicA")), byId.out());
        assertTrue(byId.out().contains(String.format("%-20s %s%n", "Keys:", "[order-42]")));
        assertTrue(byId.out().contains(String.format("%-20s %d%n", "Queue ID:", 1)));
        assertTrue(byId.out().contains(String.format("%-20s %s%n", "Message Body:", "hello comet")));

        AdminRun byUniq = cluster.admin("queryMsgById", "-i", uniq, "-t", "TopicA");
        assertEquals(0, byUniq.exit(), byUniq.toString());
        assertTrue(byUniq.out().contains("hello comet"));

        AdminRun byKey = cluster.admin("queryMsgByKey", "-t", "TopicA", "-k", "order-42");
        assertEquals(String.format("%-50s %4s %40s%n", "#Message ID", "#QID", "#Offset")
                + String.format("%-50s %4d %40d%n", uniq, 1, stored.queueOffset()), byKey.out());

        AdminRun byOffset = cluster.admin("queryMsgByOffset", "-t", "TopicA", "-b", "broker-a", "-i", "1", "-o",
                String.valueOf(stored.queueOffset()));
        assertEquals(0, byOffset.exit(), byOffset.toString());
        assertTrue(byOffset.out().contains(String.format("%-20s %s%n", "Message Body:", "hello comet")));

        AdminRun consume = cluster.admin("consumeMessage", "-t", "TopicA", "-b", "broker-a", "-i", "1");
        assertEquals(0, consume.exit(), consume.toString());
        assertTrue(consume.out().startsWith("Consume ok\nMSGID: " + uniq + " MessageExt [brokerName=broker-a, queueId=1,"),
                consume.out());
        assertTrue(consume.out().contains(", queueOffset=" + stored.queueOffset() + ", "), consume.out());
        assertTrue(consume.out().contains("] BODY: hello comet\n"), consume.out());
        assertTrue(consume.out().endsWith("MessageQueue [topic=TopicA, brokerName=broker-a, queueId=1] print msg "
                + "finished. status=NO_NEW_MSG, offset=" + (stored.queueOffset() + 1) + "\n"), consume.out());

        AdminRun missing = cluster.admin("queryMsgByOffset", "-t", "TopicA", "-b", "broker-a", "-i", "0", "-o", "99");
        assertEquals(1, missing.exit(), missing.toString());
        AdminRun noQueue = cluster.admin("sendMessage", "-t", "TopicA", "-p", "x", "-i", "1");
        assertEquals(2, noQueue.exit());
        assertTrue(noQueue.err().startsWith("Broker name must be set if the queue is chosen!"));
    }

    @Test
    void clusterRtSendsToEachBrokerTopicAndCountsResults() {
        int before = cluster.b.requests(RequestCode.SEND_MESSAGE_V2).size();
        AdminRun r = cluster.admin("clusterSendMsgRT", "-c", "ClusterTwo", "-a", "5", "-s", "16");
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(List.of("#Cluster", "Name", "#Broker", "Name", "#RT", "#successCount", "#failCount"),
                tokens(lines[0]));
        List<String> row = tokens(lines[1]);
        assertEquals(List.of("ClusterTwo", "broker-b"), row.subList(0, 2));
        assertEquals(List.of("5", "0"), row.subList(3, 5));
        assertEquals(before + 5, cluster.b.requests(RequestCode.SEND_MESSAGE_V2).size());
        assertEquals("broker-b", last(cluster.b, RequestCode.SEND_MESSAGE_V2).field("b"));
    }
}
