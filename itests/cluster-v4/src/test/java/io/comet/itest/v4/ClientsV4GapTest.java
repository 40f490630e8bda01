package io.comet.itest.v4;

import static io.comet.itest.v4.V4Cluster.await;
import static io.comet.itest.v4.V4Cluster.body;
import static io.comet.itest.v4.V4Cluster.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rocketmq-client 4.9.8 paths the other 4.x tests leave out: async and oneway sends, compressed bodies,
 * broadcasting with the push and the lite-pull consumer, and a pull consumer's committed offset (UPDATE / QUERY
 * _CONSUMER_OFFSET from the 4.x client) read back by a new instance.
 */
@Timeout(60)
class ClientsV4GapTest {
    @TempDir
    static Path work;
    static V4Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new V4Cluster(work);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    @SuppressWarnings("deprecation")
    private static DefaultMQPullConsumer reader(String group) throws Exception {
        DefaultMQPullConsumer r = new DefaultMQPullConsumer(group);
        r.setNamesrvAddr(cluster.nsAddr);
        r.setInstanceName("v4r-" + System.nanoTime());
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
    @SuppressWarnings("deprecation")
    void asyncAndOnewaySendsAreStoredInOrder() throws Exception {
        String topic = cluster.topic("V4Async", 1);
        MessageQueue mq = new MessageQueue(topic, cluster.brokerName, 0);
        List<SendResult> results = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            CountDownLatch one = new CountDownLatch(1);
            cluster.producer.send(message(topic, "A", "async-" + i), mq, new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    results.add(r);
                    one.countDown();
                }

                @Override
                public void onException(Throwable e) {
                    failures.add(e);
                    one.countDown();
                }
            });
            assertTrue(one.await(10, TimeUnit.SECONDS), "async send " + i + " completed");
        }
        assertTrue(failures.isEmpty(), "async failures: " + failures);
        for (int i = 0; i < 8; i++) {
            assertEquals(SendStatus.SEND_OK, results.get(i).getSendStatus());
            assertEquals(i, results.get(i).getQueueOffset(), "one after another in the queue");
        }
        for (int i = 0; i < 4; i++) {
            cluster.producer.sendOneway(message(topic, "O", "oneway-" + i), mq);
        }
        DefaultMQPullConsumer r = reader(cluster.group("v4asyncr"));
        try {
            await(() -> maxOffset(r, mq) == 12, "all 12 messages are stored");
            PullResult pulled = r.pull(mq, "*", 0, 32);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) expected.add("async-" + i);
            for (int i = 0; i < 4; i++) expected.add("oneway-" + i);
            assertEquals(expected, pulled.getMsgFoundList().stream().map(V4Cluster::body).toList());
        } finally {
            r.shutdown();
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void compressedBodiesArriveIntact() throws Exception {
        String topic = cluster.topic("V4Zip", 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 32 * 1024; i++) {
            text.append("row ").append(i).append(" compresses well\n");
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        DefaultMQProducer zipper = new DefaultMQProducer(cluster.group("v4zip"));
        zipper.setNamesrvAddr(cluster.nsAddr);
        zipper.setInstanceName("v4zip-" + System.nanoTime());
        zipper.setCompressMsgBodyOverHowmuch(1024);
        zipper.start();
        SendResult sent;
        try {
            sent = zipper.send(new Message(topic, "Z", body));
        } finally {
            zipper.shutdown();
        }
        MessageExt viewed = cluster.producer.viewMessage(sent.getOffsetMsgId());
        assertArrayEquals(body, viewed.getBody());
        assertTrue(viewed.getStoreSize() < body.length / 4, "stored compressed: " + viewed.getStoreSize());
        DefaultMQPullConsumer r = reader(cluster.group("v4zipr"));
        try {
            MessageQueue mq = new MessageQueue(topic, cluster.brokerName, 0);
            await(() -> maxOffset(r, mq) == 1, "the message is in the queue");
            PullResult pulled = r.pull(mq, "*", 0, 32);
            assertEquals(PullStatus.FOUND, pulled.getPullStatus());
            assertArrayEquals(body, pulled.getMsgFoundList().get(0).getBody());
        } finally {
            r.shutdown();
        }
    }

    @Test
    void pushBroadcastingDeliversEveryMessageToEveryInstance() throws Exception {
        String topic = cluster.topic("V4Cast", 2);
        String group = cluster.group("v4cast");
        List<List<String>> got = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        List<DefaultMQPushConsumer> consumers = new ArrayList<>();
        try {
            for (List<String> into : got) {
                DefaultMQPushConsumer c = cluster.pushConsumer(group);
                c.setMessageModel(MessageModel.BROADCASTING);
                c.subscribe(topic, "*");
                c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                    msgs.forEach(m -> into.add(body(m)));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                c.start();
                consumers.add(c);
            }
            TreeSet<String> sent = new TreeSet<>();
            for (int i = 0; i < 10; i++) {
                cluster.producer.send(message(topic, "B", "cast" + i));
                sent.add("cast" + i);
            }
            await(() -> got.get(0).size() >= 10 && got.get(1).size() >= 10, "both instances get all 10");
            Thread.sleep(1000);
            for (List<String> each : got) {
                assertEquals(sent, new TreeSet<>(each));
                assertEquals(10, each.size(), "exactly once per instance: " + each);
            }
        } finally {
            consumers.forEach(DefaultMQPushConsumer::shutdown);
        }
    }

    @Test
    void litePullBroadcastingGivesEveryInstanceEverything() throws Exception {
        String topic = cluster.topic("V4LiteCast", 2);
        String group = cluster.group("v4litecast");
        List<DefaultLitePullConsumer> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                DefaultLitePullConsumer c = new DefaultLitePullConsumer(group);
                c.setNamesrvAddr(cluster.nsAddr);
                c.setInstanceName("v4litecast-" + i + "-" + System.nanoTime());
                c.setMessageModel(MessageModel.BROADCASTING);
                c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                c.subscribe(topic, "*");
                c.start();
                instances.add(c);
            }
            TreeSet<String> sent = new TreeSet<>();
            for (int i = 0; i < 12; i++) {
                cluster.producer.send(message(topic, "L", "l" + i));
                sent.add("l" + i);
            }
            for (DefaultLitePullConsumer c : instances) {
                List<String> got = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 20_000;
                while (got.size() < 12 && System.currentTimeMillis() < deadline) {
                    c.poll(500).forEach(m -> got.add(body(m)));
                }
                c.poll(500).forEach(m -> got.add(body(m)));
                assertEquals(sent, new TreeSet<>(got), "every instance gets every message");
                assertEquals(12, got.size(), "each exactly once: " + got);
            }
        } finally {
            instances.forEach(DefaultLitePullConsumer::shutdown);
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void aPullConsumersCommittedOffsetIsReadBackByANewInstance() throws Exception {
        String topic = cluster.topic("V4Commit", 1);
        String group = cluster.group("v4commit");
        MessageQueue mq = new MessageQueue(topic, cluster.brokerName, 0);
        for (int i = 0; i < 5; i++) {
            cluster.producer.send(message(topic, "C", "c" + i), mq);
        }
        DefaultMQPullConsumer first = reader(group);
        try {
            await(() -> maxOffset(first, mq) == 5, "5 messages stored");
            PullResult r = first.pull(mq, "*", 0, 3);
            assertEquals(3, r.getNextBeginOffset());
            // UPDATE_CONSUMER_OFFSET, sent and answered (not oneway)
            first.getDefaultMQPullConsumerImpl().updateConsumeOffsetToBroker(mq, r.getNextBeginOffset(), false);
        } finally {
            first.shutdown();
        }
        DefaultMQPullConsumer second = reader(group);
        try {
            long committed = second.fetchConsumeOffset(mq, true);
            assertEquals(3, committed, "the broker returns the committed offset");
            PullResult rest = second.pull(mq, "*", committed, 32);
            assertEquals(List.of("c3", "c4"), rest.getMsgFoundList().stream().map(V4Cluster::body).toList());
        } finally {
            second.shutdown();
        }
    }
}
