package io.comet.itest.cluster;

import static io.comet.itest.cluster.ConsumeCluster.body;
import static io.comet.itest.cluster.ConsumeCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * rocketmq-client 5.3.1 pull-style consumers: DefaultLitePullConsumer with subscribe (LITE_PULL_MESSAGE, 361) and
 * with assign + seek, and DefaultMQPullConsumer (pull, offsets, and a blocking pull woken by a new message).
 */
@Timeout(60)
class PullConsumerClusterTest {
    @TempDir
    static Path work;
    static ConsumeCluster cluster;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ConsumeCluster(work, "broker-l", Map.of());
        producer = cluster.producer("pull-producer");
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.shutdown();
        if (cluster != null) cluster.close();
    }

    private static List<String> sendTo(String topic, int queueId, String prefix, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            producer.send(message(topic, "L", prefix + i), (mqs, msg, arg) -> mqs.get((int) arg), queueId);
            out.add(prefix + i);
        }
        return out;
    }

    private static DefaultLitePullConsumer lite(String group) {
        DefaultLitePullConsumer c = new DefaultLitePullConsumer(group);
        c.setNamesrvAddr(cluster.nsAddr);
        c.setInstanceName("lite-" + group + System.nanoTime());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setAutoCommit(true);
        return c;
    }

    @Test
    void litePullSubscribeGetsEveryMessage() throws Exception {
        String topic = cluster.topic("Lite", 2);
        List<String> sent = new ArrayList<>(sendTo(topic, 0, "a", 10));
        sent.addAll(sendTo(topic, 1, "b", 10));
        DefaultLitePullConsumer c = lite(cluster.group("lite"));
        c.subscribe(topic, "*");
        c.start();
        try {
            List<String> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.size() < 20 && System.currentTimeMillis() < deadline) {
                c.poll(1000).forEach(m -> got.add(body(m)));
            }
            assertEquals(new TreeSet<>(sent), new TreeSet<>(got));
            assertEquals(20, got.size());
        } finally {
            c.shutdown();
        }
    }

    @Test
    void litePullAssignAndSeek() throws Exception {
        String topic = cluster.topic("Seek", 2);
        sendTo(topic, 0, "q0-", 8);
        sendTo(topic, 1, "q1-", 2);
        DefaultLitePullConsumer c = lite(cluster.group("seek"));
        c.start();
        try {
            Collection<MessageQueue> queues = c.fetchMessageQueues(topic);
            assertEquals(2, queues.size());
            c.assign(queues);
            MessageQueue q0 = queues.stream().filter(q -> q.getQueueId() == 0).findFirst().orElseThrow();
            c.seek(q0, 5);
            List<MessageExt> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.size() < 5 && System.currentTimeMillis() < deadline) {
                got.addAll(c.poll(1000));
            }
            List<String> fromQ0 = got.stream().filter(m -> m.getQueueId() == 0).map(ConsumeCluster::body).toList();
            assertEquals(List.of("q0-5", "q0-6", "q0-7"), fromQ0, "queue 0 read from the seek offset");
            assertEquals(5, got.size(), "3 from queue 0 after the seek, 2 from queue 1");
        } finally {
            c.shutdown();
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void pullConsumerPullsAndBlocksUntilAMessageArrives() throws Exception {
        String topic = cluster.topic("Pull", 2);
        sendTo(topic, 1, "p", 5);
        DefaultMQPullConsumer c = new DefaultMQPullConsumer(cluster.group("pullc"));
        c.setNamesrvAddr(cluster.nsAddr);
        c.setInstanceName("pull-" + System.nanoTime());
        c.start();
        try {
            MessageQueue q1 = c.fetchSubscribeMessageQueues(topic).stream().filter(q -> q.getQueueId() == 1)
                    .findFirst().orElseThrow();
            // consume queues are built by the store's dispatch thread just after the sends are acknowledged
            long dispatchDeadline = System.currentTimeMillis() + 10_000;
            while (c.maxOffset(q1) < 5 && System.currentTimeMillis() < dispatchDeadline) {
                Thread.sleep(20);
            }
            assertEquals(5, c.maxOffset(q1));
            assertEquals(0, c.minOffset(q1));
            PullResult r = c.pull(q1, "*", 0, 32);
            assertEquals(PullStatus.FOUND, r.getPullStatus());
            assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), r.getMsgFoundList().stream()
                    .map(ConsumeCluster::body).toList());
            assertEquals(5, r.getNextBeginOffset());
            assertEquals(PullStatus.NO_NEW_MSG, c.pull(q1, "*", 5, 32).getPullStatus());
            assertEquals(PullStatus.OFFSET_ILLEGAL, c.pull(q1, "*", 9, 32).getPullStatus());
            assertEquals(1, c.pull(q1, "*", 2, 1).getMsgFoundList().size(), "maxNums is honoured");
            long stored = r.getMsgFoundList().get(2).getStoreTimestamp();
            assertEquals(2, c.searchOffset(q1, stored));

            CompletableFuture<PullResult> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.pullBlockIfNotFound(q1, "*", 5, 32);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500);
            assertFalse(blocked.isDone(), "nothing new: the broker holds the pull");
            long t = System.currentTimeMillis();
            sendTo(topic, 1, "late", 1);
            PullResult woke = blocked.get(10, TimeUnit.SECONDS);
            assertEquals(PullStatus.FOUND, woke.getPullStatus());
            assertEquals("late0", body(woke.getMsgFoundList().get(0)));
            assertTrue(System.currentTimeMillis() - t < 5000, "woken by the new message");
        } finally {
            c.shutdown();
        }
    }
}
