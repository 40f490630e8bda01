package io.comet.itest.cluster;

import static io.comet.itest.cluster.ConsumeCluster.await;
import static io.comet.itest.cluster.ConsumeCluster.body;
import static io.comet.itest.cluster.ConsumeCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official rocketmq-client 5.3.1 push consumer against {@code bin/mqbroker}: clustering consumers split the
 * queues and together get every message, broadcasting delivers to every instance, tag and SQL92 filters deliver
 * exactly the matching messages, orderly consumption keeps per-key order, a level-1 delayed message never arrives
 * early, and RECONSUME_LATER redelivers until maxReconsumeTimes and then dead-letters.
 */
@Timeout(150)
class ConsumerClusterTest {
    @TempDir
    static Path work;
    static ConsumeCluster cluster;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ConsumeCluster(work, "broker-c", Map.of());
        producer = cluster.producer("consume-producer");
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.shutdown();
        if (cluster != null) cluster.close();
    }

    private static List<String> send(String topic, String tags, int n, String prefix) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String b = prefix + i;
            assertEquals(SendStatus.SEND_OK, producer.send(message(topic, tags, b)).getSendStatus());
            bodies.add(b);
        }
        return bodies;
    }

    private static MessageListenerConcurrently collect(List<String> into) {
        return (msgs, ctx) -> {
            msgs.forEach(m -> into.add(body(m)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    @Test
    void twoClusteringConsumersSplitTheQueuesAndTogetherGetEveryMessage() throws Exception {
        String topic = cluster.topic("Split", 4);
        String group = cluster.group("split");
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c1 = cluster.pushConsumer(group);
        DefaultMQPushConsumer c2 = cluster.pushConsumer(group);
        c1.subscribe(topic, "*");
        c2.subscribe(topic, "*");
        c1.registerMessageListener(collect(a));
        c2.registerMessageListener(collect(b));
        c1.start();
        c2.start();
        try {
            await(() -> assigned(c1, topic) + assigned(c2, topic) == 4 && assigned(c1, topic) > 0
                    && assigned(c2, topic) > 0, "both consumers own queues");
            List<String> sent = send(topic, "T", 40, "s");
            // generous bound: a rebalance heartbeat lost to the client's own lock race (see ConsumeCluster) costs
            // one heartbeat interval
            ConsumeCluster.await(() -> new HashSet<String>(union(a, b)).size() == 40, "all 40 messages are consumed",
                    75);
            assertEquals(new TreeSet<>(sent), new TreeSet<>(union(a, b)), () -> "missing " + missing(sent, union(a, b)));
            assertEquals(new TreeSet<>(sent), new TreeSet<>(union(a, b)));
            assertFalse(a.isEmpty(), "the first consumer got its share");
            assertFalse(b.isEmpty(), "the second consumer got its share");
            Set<String> overlap = new HashSet<>(a);
            overlap.retainAll(b);
            assertEquals(Set.of(), overlap, "no message went to both");
        } finally {
            c1.shutdown();
            c2.shutdown();
        }
    }

    private static int assigned(DefaultMQPushConsumer c, String topic) {
        return (int) c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(q -> q.getTopic().equals(topic)).count();
    }

    private static Set<String> missing(List<String> sent, List<String> got) {
        Set<String> m = new TreeSet<>(sent);
        got.forEach(m::remove);
        return m;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void broadcastingDeliversEveryMessageToEveryInstance() throws Exception {
        String topic = cluster.topic("Bcast", 2);
        String group = cluster.group("bcast");
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c1 = cluster.pushConsumer(group);
        DefaultMQPushConsumer c2 = cluster.pushConsumer(group);
        for (DefaultMQPushConsumer c : List.of(c1, c2)) {
            c.setMessageModel(MessageModel.BROADCASTING);
            c.subscribe(topic, "*");
        }
        c1.registerMessageListener(collect(a));
        c2.registerMessageListener(collect(b));
        c1.start();
        c2.start();
        try {
            await(() -> assigned(c1, topic) == 2 && assigned(c2, topic) == 2, "each instance reads all queues");
            List<String> sent = send(topic, "T", 10, "b");
            await(() -> a.size() >= 10 && b.size() >= 10, "both instances get all 10");
            assertEquals(new TreeSet<>(sent), new TreeSet<>(a));
            assertEquals(new TreeSet<>(sent), new TreeSet<>(b));
        } finally {
            c1.shutdown();
            c2.shutdown();
        }
    }

    @Test
    void tagAndSqlFiltersDeliverExactlyTheMatchingMessages() throws Exception {
        String topic = cluster.topic("Filter", 2);
        Set<String> expectTags = new TreeSet<>();
        Set<String> expectSql = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            String tag = "Tag" + "ABC".charAt(i % 3);
            Message m = message(topic, tag, "f" + i);
            m.putUserProperty("a", String.valueOf(i));
            producer.send(m);
            if (!tag.equals("TagB")) {
                expectTags.add("f" + i);
            }
            if (i > 20 && tag.equals("TagA")) {
                expectSql.add("f" + i);
            }
        }
        List<String> byTag = new CopyOnWriteArrayList<>();
        List<String> bySql = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer tagConsumer = cluster.pushConsumer(cluster.group("tags"));
        tagConsumer.subscribe(topic, "TagA || TagC");
        tagConsumer.registerMessageListener(collect(byTag));
        DefaultMQPushConsumer sqlConsumer = cluster.pushConsumer(cluster.group("sql"));
        sqlConsumer.subscribe(topic, MessageSelector.bySql("a > 20 AND TAGS = 'TagA'"));
        sqlConsumer.registerMessageListener(collect(bySql));
        tagConsumer.start();
        sqlConsumer.start();
        try {
            await(() -> byTag.size() >= expectTags.size() && bySql.size() >= expectSql.size(),
                    "the matching messages arrive");
            Thread.sleep(1000);
            assertEquals(expectTags, new TreeSet<>(byTag));
            assertEquals(expectTags.size(), byTag.size(), "each once: " + byTag);
            assertEquals(expectSql, new TreeSet<>(bySql));
            assertEquals(expectSql.size(), bySql.size(), "each once: " + bySql);
        } finally {
            tagConsumer.shutdown();
            sqlConsumer.shutdown();
        }
    }

    @Test
    void orderlyConsumptionKeepsPerKeyOrder() throws Exception {
        String topic = cluster.topic("Orderly", 4);
        int keys = 4;
        int perKey = 15;
        for (int seq = 0; seq < perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                producer.send(message(topic, "O", "k" + k + ":" + seq), (mqs, msg, arg) -> mqs.get((int) arg % mqs.size()),
                        k);
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer c = cluster.pushConsumer(cluster.group("orderly"));
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                String[] parts = body(m).split(":");
                seen.computeIfAbsent(parts[0], x -> Collections.synchronizedList(new ArrayList<>()))
                        .add(Integer.parseInt(parts[1]));
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        c.start();
        try {
            await(() -> seen.values().stream().mapToInt(List::size).sum() >= keys * perKey, "all ordered messages");
            for (int k = 0; k < keys; k++) {
                List<Integer> order = new ArrayList<>(seen.get("k" + k));
                List<Integer> sorted = new ArrayList<>(order);
                Collections.sort(sorted);
                assertEquals(sorted, order, "key k" + k + " in send order");
                assertEquals(perKey, order.size());
            }
        } finally {
            c.shutdown();
        }
    }

    @Test
    void levelOneDelayedMessageNeverArrivesEarly() throws Exception {
        String topic = cluster.topic("Delay", 1);
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        DefaultMQPushConsumer c = cluster.pushConsumer(cluster.group("delay"));
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> arrived.put(body(m), System.currentTimeMillis()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            await(() -> assigned(c, topic) == 1, "the consumer owns the queue");
            ConsumeCluster.awaitPullsFlowing(producer, topic, arrived.keySet());
            Message now = message(topic, "D", "now");
            Message later = message(topic, "D", "later");
            later.setDelayTimeLevel(1);
            long sentAt = System.currentTimeMillis();
            producer.send(later);
            producer.send(now);
            await(() -> arrived.containsKey("later") && arrived.containsKey("now"), "both arrive");
            long delay = arrived.get("later") - sentAt;
            assertTrue(delay >= 1000, "level 1 (1 s) arrived after " + delay + " ms");
            assertTrue(delay < 10_000, "and not much later: " + delay + " ms");
            assertTrue(arrived.get("now") < arrived.get("later"), "the undelayed message overtakes it");
        } finally {
            c.shutdown();
        }
    }

    @Test
    void reconsumeLaterRedeliversThenDeadLetters() throws Exception {
        String topic = cluster.topic("Retry", 1);
        String group = cluster.group("retry");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        AtomicLong firstAt = new AtomicLong();
        // the broker creates %RETRY%group at the group's first heartbeat, but a client only learns new routes
        // every 30 s; creating it first lets the retries flow at once
        cluster.admin.createAndUpdateTopicConfig(cluster.brokerAddr,
                new org.apache.rocketmq.common.TopicConfig("%RETRY%" + group, 1, 1, 6));
        await(() -> cluster.route("%RETRY%" + group), "the retry topic is routed");
        DefaultMQPushConsumer c = cluster.pushConsumer(group);
        c.setMaxReconsumeTimes(2);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                if (body(m).equals("poison")) {
                    firstAt.compareAndSet(0, System.currentTimeMillis());
                    attempts.add(m.getReconsumeTimes());
                    assertEquals(topic, m.getTopic(), "a retried message shows its original topic");
                }
            }
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        c.start();
        try {
            producer.send(message(topic, "R", "poison"));
            await(() -> attempts.size() >= 3, "delivered three times (first + 2 retries)");
            Thread.sleep(3000);
            assertEquals(List.of(0, 1, 2), attempts, "no fourth delivery after maxReconsumeTimes=2");
            String dlq = "%DLQ%" + group;
            await(() -> cluster.route(dlq), "the dead-letter topic is routed");
            DefaultMQPullConsumer reader = new DefaultMQPullConsumer(cluster.group("dlqreader"));
            reader.setNamesrvAddr(cluster.nsAddr);
            reader.setInstanceName("dlq-" + System.nanoTime());
            reader.start();
            try {
                PullResult r = reader.pull(new MessageQueue(dlq, cluster.brokerName, 0), "*", 0, 32);
                assertEquals(PullStatus.FOUND, r.getPullStatus());
                assertEquals(1, r.getMsgFoundList().size());
                MessageExt dead = r.getMsgFoundList().get(0);
                assertEquals("poison", body(dead));
                assertEquals(topic, dead.getProperty("RETRY_TOPIC"));
            } finally {
                reader.shutdown();
            }
        } finally {
            c.shutdown();
        }
    }
}
