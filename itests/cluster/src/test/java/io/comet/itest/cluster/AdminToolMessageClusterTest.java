package io.comet.itest.cluster;

import static io.comet.itest.cluster.AdminToolRuns.line;
import static io.comet.itest.cluster.AdminToolRuns.tokens;
import static io.comet.itest.cluster.ConsumeCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.cluster.AdminToolRuns.Run;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Message commands of {@code bin/mqadmin} (processes) against {@code bin/mqnamesrv} + {@code bin/mqbroker}:
 * sendMessage, consumeMessage, queryMsgById, queryMsgByKey, queryMsgByOffset, clusterSendMsgRT. What mqadmin sends
 * is read back with rocketmq-tools 5.3.1 {@code DefaultMQAdminExt}; what it reads was sent by the official 5.3.1
 * producer; outputs are compared with Apache's {@code MQAdminStartup} (message bodies aside: see tools/README.md).
 */
@Timeout(120)
class AdminToolMessageClusterTest extends AdminToolCase {
    static final List<String> MESSAGE_LINES = List.of("OffsetID:", "Topic:", "Tags:", "Keys:", "Queue ID:",
            "Queue Offset:", "CommitLog Offset:", "Reconsume Times:", "Born Timestamp:", "Store Timestamp:",
            "Born Host:", "Store Host:", "System Flag:", "Properties:");
    static String topic;
    static SendResult sent;

    @BeforeAll
    static void start() throws Exception {
        startCluster("broker-mt");
        topic = cluster.topic("MsgTopic", 2);
        DefaultMQProducer producer = cluster.producer("msg-producer");
        try {
            Message m = new Message(topic, "TagM", "key-" + cluster.run, "sent by the official producer"
                    .getBytes(StandardCharsets.UTF_8));
            sent = producer.send(m, new MessageQueue(topic, "broker-mt", 0));
        } finally {
            producer.shutdown();
        }
        await(() -> {
            try {
                return cluster.admin.maxOffset(new MessageQueue(topic, "broker-mt", 0)) == 1;
            } catch (Exception e) {
                return false;
            }
        }, "the message is dispatched");
    }

    /** The message-describing lines (everything but body and track), in order. */
    static List<String> described(String text) {
        return MESSAGE_LINES.stream().map(label -> line(text, label + " ")).collect(Collectors.toList());
    }

    @Test
    void sendMessageStoresWhatTheAdminApiReadsBack() throws Exception {
        Run send = mqadmin("sendMessage", "-t", topic, "-p", "from mqadmin", "-k", "k2-" + cluster.run, "-c", "TagS",
                "-b", "broker-mt", "-i", "1");
        assertEquals(0, send.exit(), send.toString());
        String apacheSend = apache("sendMessage", "-t", topic, "-p", "from apache", "-b", "broker-mt", "-i", "1");
        assertEquals(apacheSend.split("\n")[0], send.lines().get(0), "same header");
        List<String> row = tokens(send.lines().get(1));
        assertEquals(List.of("broker-mt", "1", "SEND_OK"), row.subList(0, 3));
        assertEquals(tokens(apacheSend.split("\n")[1]).subList(0, 3), row.subList(0, 3));

        MessageExt stored = cluster.admin.viewMessage(topic, row.get(3));
        assertEquals("from mqadmin", new String(stored.getBody(), StandardCharsets.UTF_8));
        assertEquals(List.of("TagS", "k2-" + cluster.run, 1, 0L), List.of(stored.getTags(), stored.getKeys(),
                stored.getQueueId(), stored.getQueueOffset()));
    }

    @Test
    void queriesFindTheProducersMessageAsApachesTool() {
        Run byId = mqadmin("queryMsgById", "-t", topic, "-i", sent.getOffsetMsgId());
        assertEquals(0, byId.exit(), byId.toString());
        String apacheById = apache("queryMsgById", "-t", topic, "-i", sent.getOffsetMsgId());
        assertEquals(described(apacheById), described(byId.out()));
        assertTrue(byId.out().contains("Message Body:        sent by the official producer\n"), byId.out());
        Run byUniqueKey = mqadmin("queryMsgById", "-t", topic, "-i", sent.getMsgId());
        assertEquals(described(byId.out()), described(byUniqueKey.out()), "the unique key finds the same message");

        Run byKey = mqadmin("queryMsgByKey", "-t", topic, "-k", "key-" + cluster.run);
        assertEquals(0, byKey.exit(), byKey.toString());
        assertEquals(apache("queryMsgByKey", "-t", topic, "-k", "key-" + cluster.run), byKey.out());
        assertEquals(List.of(sent.getMsgId(), "0", "0"), tokens(byKey.lines().get(1)));

        Run byOffset = mqadmin("queryMsgByOffset", "-t", topic, "-b", "broker-mt", "-i", "0", "-o", "0");
        assertEquals(0, byOffset.exit(), byOffset.toString());
        assertEquals(described(apache("queryMsgByOffset", "-t", topic, "-b", "broker-mt", "-i", "0", "-o", "0")),
                described(byOffset.out()));
        assertEquals(sent.getOffsetMsgId(), tokens(line(byOffset.out(), "OffsetID:")).get(1));
    }

    @Test
    void consumeMessagePrintsTheQueueAsApachesTool() {
        Run ours = mqadmin("consumeMessage", "-t", topic, "-b", "broker-mt", "-i", "0");
        assertEquals(0, ours.exit(), ours.toString());
        String theirs = apache("consumeMessage", "-t", topic, "-b", "broker-mt", "-i", "0");
        assertEquals(theirs, ours.out());
        assertTrue(ours.out().startsWith("Consume ok\nMSGID: " + sent.getMsgId() + " MessageExt [brokerName=broker-mt, "
                + "queueId=0, "), ours.out());
        assertTrue(ours.out().contains("] BODY: sent by the official producer\nMessageQueue [topic=" + topic
                + ", brokerName=broker-mt, queueId=0] print msg finished. status=NO_NEW_MSG, offset=1\n"), ours.out());
    }

    @Test
    void clusterSendMsgRtSendsTheAskedAmountToEachBroker() throws Exception {
        MessageQueue own = new MessageQueue("broker-mt", "broker-mt", 0);
        long before = cluster.admin.maxOffset(own);
        Run rt = mqadmin("clusterSendMsgRT", "-a", "5", "-s", "64", "-c", "CometCluster");
        assertEquals(0, rt.exit(), rt.toString());
        assertEquals(String.format("%-24s  %-24s  %-4s  %-8s  %-8s", "#Cluster Name", "#Broker Name", "#RT",
                "#successCount", "#failCount"), rt.lines().get(0));
        List<String> row = tokens(rt.lines().get(1));
        assertEquals(List.of("CometCluster", "broker-mt"), row.subList(0, 2));
        assertEquals(List.of("5", "0"), row.subList(3, 5));
        await(() -> {
            try {
                return cluster.admin.maxOffset(own) == before + 5;
            } catch (Exception e) {
                return false;
            }
        }, "five 64-byte messages land in the broker's own topic");
        Run tlog = mqadmin("clusterRT", "-a", "2", "-p", "true", "-m", "room1");
        assertTrue(tlog.lines().get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\|room1\\|CometCluster"
                + "\\|broker-mt\\|\\d+"), tlog.toString());
        String theirs = AdminToolRuns.apacheUntil(cluster.nsAddr, out -> out.contains("broker-mt"),
                "clusterRT", "-a", "5", "-s", "64", "-c", "CometCluster");
        assertEquals(theirs.split("\n")[0], rt.lines().get(0), "same header as Apache's tool");
        assertEquals(List.of("CometCluster", "broker-mt", "5", "0"), List.of(tokens(line(theirs, "broker-mt")).get(0),
                tokens(line(theirs, "broker-mt")).get(1), tokens(line(theirs, "broker-mt")).get(3),
                tokens(line(theirs, "broker-mt")).get(4)), "Apache's tool sends as successfully: " + theirs);
    }

    @Test
    void wrongArgumentsOfMessageCommandsGiveUsageAndExit2() {
        Run noOffset = mqadmin("queryMsgByOffset", "-t", topic, "-b", "broker-mt", "-i", "0");
        assertEquals(2, noOffset.exit(), noOffset.toString());
        assertTrue(noOffset.err().startsWith("Missing required option: o\nusage: mqadmin queryMsgByOffset"),
                noOffset.err());
        Run queueWithoutBroker = mqadmin("sendMessage", "-t", topic, "-p", "x", "-i", "0");
        assertEquals(2, queueWithoutBroker.exit(), queueWithoutBroker.toString());
        assertTrue(queueWithoutBroker.err().startsWith("Broker name must be set if the queue is chosen!\n"),
                queueWithoutBroker.err());
        Run badCount = mqadmin("consumeMessage", "-t", topic, "-c", "0");
        assertEquals(2, badCount.exit(), badCount.toString());
        assertTrue(badCount.err().contains("usage: mqadmin consumeMessage"), badCount.err());
        assertEquals("", noOffset.out() + queueWithoutBroker.out() + badCount.out(), "nothing sent or printed");
    }
}
