package io.comet.itest.cluster;

import static io.comet.itest.cluster.AdminToolRuns.tokens;
import static io.comet.itest.cluster.ConsumeCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.cluster.AdminToolRuns.Run;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commands of {@code bin/mqadmin} (processes) against {@code bin/mqnamesrv} + {@code bin/mqbroker}, with an
 * official 5.3.1 producer and push consumer online: updateSubGroup, deleteSubGroup, consumerConnection,
 * producerConnection, consumerProgress, resetOffsetByTime. Effects are read back through {@code DefaultMQAdminExt}
 * (and the consumer itself: a reset makes it receive the messages again); outputs are compared with Apache's
 * {@code MQAdminStartup} 5.3.1.
 */
@Timeout(120)
class AdminToolGroupClusterTest extends AdminToolCase {

    @BeforeAll
    static void start() throws Exception {
        startCluster("broker-gt");
    }

    @Test
    void updateAndDeleteSubGroupAsApachesTool() throws Exception {
        String ours = cluster.group("OurGroup");
        String theirs = cluster.group("TheirGroup");
        Run create = mqadmin("updateSubGroup", "-b", cluster.brokerAddr, "-g", ours, "-r", "5", "-q", "2",
                "-m", "true");
        assertEquals(0, create.exit(), create.toString());
        String apacheCreate = apache("updateSubGroup", "-b", cluster.brokerAddr, "-g", theirs, "-r", "5", "-q", "2",
                "-m", "true");
        assertEquals(apacheCreate.replace(theirs, ours), create.out(), "same lines as Apache's tool");
        SubscriptionGroupConfig c = cluster.admin.examineSubscriptionGroupConfig(cluster.brokerAddr, ours);
        assertEquals(List.of(5, 2, true), List.of(c.getRetryMaxTimes(), c.getRetryQueueNums(),
                c.isConsumeFromMinEnable()));

        Run delete = mqadmin("deleteSubGroup", "-b", cluster.brokerAddr, "-g", ours);
        assertEquals(0, delete.exit(), delete.toString());
        String apacheDelete = apache("deleteSubGroup", "-b", cluster.brokerAddr, "-g", theirs);
        assertEquals(apacheDelete.replace(theirs, ours), delete.out());
        var table = cluster.admin.getAllSubscriptionGroup(cluster.brokerAddr, 5000).getSubscriptionGroupTable();
        assertFalse(table.containsKey(ours) || table.containsKey(theirs), "both groups are gone: " + table.keySet());
    }

    @Test
    void connectionsProgressAndResetOfALiveGroup() throws Exception {
        String topic = cluster.topic("GroupT", 2);
        String group = cluster.group("LiveGroup");
        DefaultMQProducer producer = cluster.producer("LiveProducer");
        AtomicInteger received = new AtomicInteger();
        DefaultMQPushConsumer consumer = cluster.pushConsumer(group);
        try {
            for (int i = 0; i < 6; i++) {
                producer.send(ConsumeCluster.message(topic, "TagA", "m" + i), new MessageQueue(topic, "broker-gt",
                        i % 2));
            }
            consumer.subscribe(topic, "TagA");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                received.addAndGet(msgs.size());
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            await(() -> received.get() >= 6, "the six messages are consumed");
            await(() -> cluster.route("%RETRY%" + group), "the group's retry topic is routed");
            await(() -> diff(group, topic) == 0, "the group has committed everything");

            Run conn = mqadmin("consumerConnection", "-g", group);
            assertEquals(0, conn.exit(), conn.toString());
            assertEquals(apache("consumerConnection", "-g", group), conn.out(), "same table as Apache's tool");
            assertTrue(conn.out().contains(consumer.buildMQClientId()), conn.out());

            Run prod = mqadmin("producerConnection", "-g", producer.getProducerGroup(), "-t", topic);
            assertEquals(0, prod.exit(), prod.toString());
            assertEquals(apache("producerConnection", "-g", producer.getProducerGroup(), "-t", topic), prod.out());
            assertTrue(prod.out().contains(producer.buildMQClientId()), prod.out());

            Run progress = mqadmin("consumerProgress", "-g", group);
            assertEquals(0, progress.exit(), progress.toString());
            String apacheProgress = apache("consumerProgress", "-g", group);
            assertEquals(rows(apacheProgress, topic), rows(progress.out(), topic), "same queue rows");
            List<String> q0 = tokens(rows(progress.out(), topic).get(0));
            assertEquals(List.of(topic, "broker-gt", "0", "3", "3"), q0.subList(0, 5), progress.out());
            assertTrue(progress.out().contains("Consume Diff Total: 0\n"), progress.out());

            // reset to the beginning: the live consumer is told and receives the six messages again
            long before = System.currentTimeMillis() - 3_600_000;
            Run reset = mqadmin("resetOffsetByTime", "-g", group, "-t", topic, "-s", String.valueOf(before));
            assertEquals(0, reset.exit(), reset.toString());
            assertTrue(reset.out().contains("#brokerName"), reset.out());
            await(() -> received.get() >= 12, "the consumer receives the messages again after the reset");
            await(() -> diff(group, topic) == 0, "and commits them again");
            String apacheReset = apache("resetOffsetByTime", "-g", group, "-t", topic, "-s", String.valueOf(before));
            assertEquals(resetRows(apacheReset), resetRows(reset.out()), "same offsets reset as Apache's tool");
            assertEquals(2, resetRows(reset.out()).size(), reset.out());
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    private static long diff(String group, String topic) {
        try {
            ConsumeStats s = cluster.admin.examineConsumeStats(group, topic);
            return s.getOffsetTable().size() == 2 ? s.computeTotalDiff() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** consumerProgress rows of {@code topic}, without the last-time column (the last two tokens). */
    private static List<String> rows(String table, String topic) {
        return table.lines().filter(l -> l.startsWith(topic)).map(l -> {
            List<String> t = tokens(l);
            return String.join(" ", t.subList(0, t.size() - 2));
        }).sorted().collect(Collectors.toList());
    }

    private static List<String> resetRows(String text) {
        return text.lines().filter(l -> l.startsWith("broker-gt")).map(String::strip).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void wrongArgumentsOfGroupCommandsGiveUsageAndExit2() throws Exception {
        Run noGroup = mqadmin("updateSubGroup", "-b", cluster.brokerAddr);
        assertEquals(2, noGroup.exit(), noGroup.toString());
        assertTrue(noGroup.err().startsWith("Missing required option: g\nusage: mqadmin updateSubGroup"),
                noGroup.err());
        Run badTime = mqadmin("resetOffsetByTime", "-g", "G", "-t", "T", "-s", "yesterday");
        assertEquals(2, badTime.exit(), badTime.toString());
        assertTrue(badTime.err().contains("-s"), badTime.err());
        assertFalse(cluster.admin.getAllSubscriptionGroup(cluster.brokerAddr, 5000).getSubscriptionGroupTable()
                .containsKey("G"), "nothing was created");
    }
}
