package io.comet.itest.cluster;

import static io.comet.itest.cluster.ConsumeCluster.await;
import static io.comet.itest.cluster.ConsumeCluster.body;
import static io.comet.itest.cluster.ConsumeCluster.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How messages reach consumers, with rocketmq-client 5.3.1 against {@code bin/mqnamesrv} + {@code bin/mqbroker}
 * using RocketMQ's default delay levels (1s 5s 10s ...): a 5.x delivery time is never early, delayed messages
 * survive a broker restart (and one delivered before it is not delivered again), compressed bodies reach
 * consumers intact while the store keeps them compressed, and lite-pull broadcasting gives every instance
 * everything. The broker restart runs last; it also checks that a cleanly stopped broker leaves the cluster list.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryClusterTest {
    static final String DEFAULT_LEVELS = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    @TempDir
    static Path work;
    static ConsumeCluster cluster;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ConsumeCluster(work, "broker-dl", Map.of("messageDelayLevel", DEFAULT_LEVELS));
        producer = cluster.producer("delivery-producer");
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.shutdown();
        if (cluster != null) cluster.close();
    }

    @SuppressWarnings("deprecation")
    private static DefaultMQPullConsumer reader(String group) throws Exception {
        DefaultMQPullConsumer r = new DefaultMQPullConsumer(cluster.group(group));
        r.setNamesrvAddr(cluster.nsAddr);
        r.setInstanceName(group + System.nanoTime());
        r.start();
        return r;
    }

    private static long maxOffset(DefaultMQPullConsumer r, MessageQueue mq) {
        try {
            return r.maxOffset(mq);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    @Order(1)
    void aDeliveryTimeIsNeverEarly() throws Exception {
        String topic = cluster.topic("DeliverAt", 1);
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        DefaultMQPushConsumer c = cluster.pushConsumer(cluster.group("deliverat"));
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> arrived.putIfAbsent(body(m), System.currentTimeMillis()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            ConsumeCluster.awaitPullsFlowing(producer, topic, arrived.keySet());
            Message timed = message(topic, "T", "timed");
            long deliverAt = System.currentTimeMillis() + 3000;
            timed.setDeliverTimeMs(deliverAt);
            producer.send(timed);
            producer.send(message(topic, "T", "plain"));
            await(() -> arrived.containsKey("timed") && arrived.containsKey("plain"), "both arrive");
            long early = deliverAt - arrived.get("timed");
            assertTrue(early <= 0, "the delivery-time message arrived " + early + " ms before its time");
            assertTrue(arrived.get("timed") - deliverAt < 10_000, "and not long after it");
            assertTrue(arrived.get("plain") < arrived.get("timed"), "the plain message overtakes it");
        } finally {
            c.shutdown();
        }
    }

    @Test
    @Order(2)
    void compressedBodiesArriveIntactAndAreStoredCompressed() throws Exception {
        String topic = cluster.topic("Zip", 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 64 * 1024; i++) {
            text.append("line ").append(i).append(" of a very compressible body\n");
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        DefaultMQProducer zipper = cluster.producer("zip-producer");
        zipper.setCompressMsgBodyOverHowmuch(1024);
        SendResult sent;
        try {
            sent = zipper.send(new Message(topic, "Z", body));
            zipper.send(new Message(topic, "Z", "tiny".getBytes(StandardCharsets.UTF_8)));
        } finally {
            zipper.shutdown();
        }
        MessageExt viewed = cluster.admin.viewMessage(topic, sent.getOffsetMsgId());
        assertArrayEquals(body, viewed.getBody(), "viewMessage decompresses the stored body");
        assertTrue(viewed.getStoreSize() < body.length / 4, "stored compressed: " + viewed.getStoreSize()
                + " bytes on disk for a " + body.length + "-byte body");

        DefaultMQPullConsumer r = reader("zipreader");
        try {
            MessageQueue mq = new MessageQueue(topic, cluster.brokerName, 0);
            await(() -> maxOffset(r, mq) == 2, "both messages are in the queue");
            PullResult pulled = r.pull(mq, "*", 0, 32);
            assertEquals(PullStatus.FOUND, pulled.getPullStatus());
            assertEquals(2, pulled.getMsgFoundList().size());
            assertArrayEquals(body, pulled.getMsgFoundList().get(0).getBody(), "the consumer gets the same bytes");
            assertEquals("tiny", body(pulled.getMsgFoundList().get(1)));
        } finally {
            r.shutdown();
        }
    }

    @Test
    @Order(3)
    void litePullBroadcastingGivesEveryInstanceEverything() throws Exception {
        String topic = cluster.topic("LiteCast", 2);
        String group = cluster.group("litecast");
        List<DefaultLitePullConsumer> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                DefaultLitePullConsumer c = new DefaultLitePullConsumer(group);
                c.setNamesrvAddr(cluster.nsAddr);
                c.setInstanceName("litecast-" + i + "-" + System.nanoTime());
                c.setMessageModel(MessageModel.BROADCASTING);
                c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                c.subscribe(topic, "*");
                c.start();
                instances.add(c);
            }
            TreeSet<String> sent = new TreeSet<>();
            for (int i = 0; i < 12; i++) {
                producer.send(message(topic, "B", "b" + i));
                sent.add("b" + i);
            }
            for (DefaultLitePullConsumer c : instances) {
                List<String> got = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 20_000;
                while (got.size() < 12 && System.currentTimeMillis() < deadline) {
                    c.poll(500).forEach(m -> got.add(body(m)));
                }
                for (MessageExt m : c.poll(500)) {
                    got.add(body(m));
                }
                assertEquals(sent, new TreeSet<>(got), "every instance gets every message");
                assertEquals(12, got.size(), "each exactly once: " + got);
            }
        } finally {
            instances.forEach(DefaultLitePullConsumer::shutdown);
        }
    }

    @Test
    @Order(4)
    void delayedMessagesSurviveABrokerRestartAndAreDeliveredOnce() throws Exception {
        String topic = cluster.topic("DelayRestart", 1);
        MessageQueue mq = new MessageQueue(topic, cluster.brokerName, 0);
        Message early = message(topic, "D", "one-second");
        early.setDelayTimeLevel(1);
        Message late = message(topic, "D", "ten-seconds");
        late.setDelayTimeLevel(3);
        long sentAt = System.currentTimeMillis();
        producer.send(late);
        producer.send(early);
        DefaultMQPullConsumer r = reader("delayreader");
        try {
            await(() -> maxOffset(r, mq) == 1, "the level-1 message is delivered before the restart");
            assertTrue(System.currentTimeMillis() - sentAt < 10_000, "the restart happens before level 3 is due");
        } finally {
            r.shutdown();
        }

        cluster.stopBroker();
        await(() -> {
            try {
                ClusterInfo info = cluster.admin.examineBrokerClusterInfo();
                BrokerData data = info.getBrokerAddrTable().get(cluster.brokerName);
                return data == null || data.getBrokerAddrs().get(0L) == null;
            } catch (Exception e) {
                return false;
            }
        }, "a cleanly stopped broker leaves the NameServer's cluster list at once", 5);
        cluster.startBroker();

        DefaultMQPullConsumer after = reader("delayafter");
        try {
            await(() -> maxOffset(after, mq) >= 2, "the level-3 message is delivered after the restart", 40);
            long waited = System.currentTimeMillis() - sentAt;
            assertTrue(waited >= 10_000, "level 3 (10 s) was not early: " + waited + " ms");
            Thread.sleep(1500);
            assertEquals(2, maxOffset(after, mq), "nothing is delivered twice across the restart");
            PullResult pulled = after.pull(mq, "*", 0, 32);
            assertEquals(List.of("one-second", "ten-seconds"),
                    pulled.getMsgFoundList().stream().map(ConsumeCluster::body).toList());
        } finally {
            after.shutdown();
        }
    }
}
