package io.comet.itest.v4;

import static io.comet.itest.v4.V4Cluster.await;
import static io.comet.itest.v4.V4Cluster.body;
import static io.comet.itest.v4.V4Cluster.message;
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
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main consumer flows with the official rocketmq-client 4.9.8 (version 409 requests, PULL_MESSAGE for lite
 * pull): clustering split, tag and SQL filters, offset resume, retry then dead letter, orderly, a level-1 delay,
 * lite pull, the pull consumer and transactions with check-back.
 */
@Timeout(60)
class ConsumerV4ClusterTest {
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

    private static List<String> send(String topic, String tags, String prefix, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cluster.producer.send(message(topic, tags, prefix + i));
            out.add(prefix + i);
        }
        return out;
    }

    private static DefaultMQPushConsumer started(String group, String topic, String expr, List<String> into)
            throws Exception {
        DefaultMQPushConsumer c = cluster.pushConsumer(group);
        c.subscribe(topic, expr);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> into.add(body(m)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    private static int assigned(DefaultMQPushConsumer c, String topic) {
        return (int) c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(q -> q.getTopic().equals(topic)).count();
    }

    @Test
    void twoConsumersSplitQueuesAndTagFilterApplies() throws Exception {
        String topic = cluster.topic("V4Split", 4);
        String group = cluster.group("v4split");
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c1 = started(group, topic, "TagA || TagC", a);
        DefaultMQPushConsumer c2 = started(group, topic, "TagA || TagC", b);
        try {
            await(() -> assigned(c1, topic) > 0 && assigned(c2, topic) > 0
                    && assigned(c1, topic) + assigned(c2, topic) == 4, "both own queues");
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < 30; i++) {
                String tag = "Tag" + "ABC".charAt(i % 3);
                cluster.producer.send(message(topic, tag, "m" + i));
                if (!tag.equals("TagB")) {
                    expected.add("m" + i);
                }
            }
            await(() -> a.size() + b.size() >= expected.size(), "the matching messages arrive");
            Thread.sleep(1000);
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            assertEquals(expected, new TreeSet<>(all));
            assertEquals(expected.size(), all.size(), "each exactly once");
            assertFalse(a.isEmpty());
            assertFalse(b.isEmpty());
        } finally {
            c1.shutdown();
            c2.shutdown();
        }
    }

    @Test
    void sqlFilterDeliversExactlyTheMatches() throws Exception {
        String topic = cluster.topic("V4Sql", 2);
        for (int i = 0; i < 10; i++) {
            Message m = message(topic, "S", "s" + i);
            m.putUserProperty("n", String.valueOf(i));
            cluster.producer.send(m);
        }
        List<String> got = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = cluster.pushConsumer(cluster.group("v4sql"));
        c.subscribe(topic, MessageSelector.bySql("n BETWEEN 3 AND 5"));
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(body(m)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            await(() -> got.size() >= 3, "three matches");
            Thread.sleep(1000);
            assertEquals(List.of("s3", "s4", "s5"), got.stream().sorted().toList());
        } finally {
            c.shutdown();
        }
    }

    @Test
    void restartedConsumerResumes() throws Exception {
        String topic = cluster.topic("V4Resume", 2);
        String group = cluster.group("v4resume");
        List<String> first = send(topic, "R", "first", 10);
        List<String> got = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = started(group, topic, "*", got);
        await(() -> got.size() >= 10, "first batch");
        c.shutdown();
        Thread.sleep(500);
        assertEquals(new TreeSet<>(first), new TreeSet<>(got));
        List<String> second = send(topic, "R", "second", 10);
        List<String> again = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c2 = started(group, topic, "*", again);
        try {
            await(() -> again.size() >= 10, "second batch");
            Thread.sleep(1000);
            assertEquals(new TreeSet<>(second), new TreeSet<>(again));
            assertEquals(10, again.size());
        } finally {
            c2.shutdown();
        }
    }

    @Test
    void reconsumeLaterThenDeadLetter() throws Exception {
        String topic = cluster.topic("V4Retry", 1);
        String group = cluster.group("v4retry");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        // created up front: clients learn the route of the %RETRY% topic the first heartbeat creates only 30 s later
        cluster.producer.createTopic("TBW102", "%RETRY%" + group, 1);
        await(() -> cluster.routed("%RETRY%" + group), "the retry topic is routed");
        DefaultMQPushConsumer c = cluster.pushConsumer(group);
        c.setMaxReconsumeTimes(1);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> attempts.add(m.getReconsumeTimes()));
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        c.start();
        try {
            cluster.producer.send(message(topic, "R", "poison"));
            await(() -> attempts.size() >= 2, "delivered twice");
            Thread.sleep(3000);
            assertEquals(List.of(0, 1), attempts, "maxReconsumeTimes=1: one retry, then no more");
            String dlq = "%DLQ%" + group;
            await(() -> cluster.routed(dlq), "the dead-letter topic is routed");
            DefaultMQPullConsumer reader = new DefaultMQPullConsumer(cluster.group("v4dlq"));
            reader.setNamesrvAddr(cluster.nsAddr);
            reader.setInstanceName("v4dlq-" + System.nanoTime());
            reader.start();
            try {
                PullResult r = reader.pull(new MessageQueue(dlq, cluster.brokerName, 0), "*", 0, 32);
                assertEquals(PullStatus.FOUND, r.getPullStatus());
                assertEquals("poison", body(r.getMsgFoundList().get(0)));
            } finally {
                reader.shutdown();
            }
        } finally {
            c.shutdown();
        }
    }

    @Test
    void orderlyKeepsPerKeyOrderAndDelayedMessageIsNotEarly() throws Exception {
        String topic = cluster.topic("V4Order", 2);
        for (int seq = 0; seq < 10; seq++) {
            for (int k = 0; k < 3; k++) {
                cluster.producer.send(message(topic, "O", "k" + k + ":" + seq),
                        (mqs, msg, arg) -> mqs.get((int) arg % mqs.size()), k);
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        DefaultMQPushConsumer c = cluster.pushConsumer(cluster.group("v4order"));
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                arrivals.put(body(m), System.currentTimeMillis());
                String[] p = body(m).split(":");
                if (p.length == 2) {
                    seen.computeIfAbsent(p[0], x -> Collections.synchronizedList(new ArrayList<>()))
                            .add(Integer.parseInt(p[1]));
                }
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        c.start();
        try {
            await(() -> seen.values().stream().mapToInt(List::size).sum() >= 30, "all ordered messages");
            for (List<Integer> order : seen.values()) {
                List<Integer> sorted = new ArrayList<>(order);
                Collections.sort(sorted);
                assertEquals(sorted, order);
                assertEquals(10, order.size());
            }
            Message delayed = message(topic, "D", "delayed");
            delayed.setDelayTimeLevel(1);
            long sentAt = System.currentTimeMillis();
            cluster.producer.send(delayed);
            await(() -> arrivals.containsKey("delayed"), "the delayed message arrives");
            assertTrue(arrivals.get("delayed") - sentAt >= 1000, "not before 1 s");
        } finally {
            c.shutdown();
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void litePullAndPullConsumer() throws Exception {
        String topic = cluster.topic("V4Pull", 2);
        List<String> sent = send(topic, "P", "p", 12);
        DefaultLitePullConsumer lite = new DefaultLitePullConsumer(cluster.group("v4lite"));
        lite.setNamesrvAddr(cluster.nsAddr);
        lite.setInstanceName("v4lite-" + System.nanoTime());
        lite.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        lite.subscribe(topic, "*");
        lite.start();
        try {
            List<String> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.size() < 12 && System.currentTimeMillis() < deadline) {
                lite.poll(1000).forEach(m -> got.add(body(m)));
            }
            assertEquals(new TreeSet<>(sent), new TreeSet<>(got));
        } finally {
            lite.shutdown();
        }
        DefaultMQPullConsumer pull = new DefaultMQPullConsumer(cluster.group("v4pull"));
        pull.setNamesrvAddr(cluster.nsAddr);
        pull.setInstanceName("v4pull-" + System.nanoTime());
        pull.start();
        try {
            Set<String> all = new HashSet<>();
            for (MessageQueue q : pull.fetchSubscribeMessageQueues(topic)) {
                PullResult r = pull.pull(q, "*", 0, 32);
                if (r.getPullStatus() == PullStatus.FOUND) {
                    r.getMsgFoundList().forEach(m -> all.add(body(m)));
                    assertEquals(pull.maxOffset(q), r.getNextBeginOffset());
                }
                assertEquals(PullStatus.NO_NEW_MSG, pull.pull(q, "*", pull.maxOffset(q), 32).getPullStatus());
            }
            assertEquals(new TreeSet<>(sent), new TreeSet<>(all));
        } finally {
            pull.shutdown();
        }
    }

    @Test
    void transactionsCommitRollbackAndCheckBack() throws Exception {
        String topic = cluster.topic("V4Tx", 2);
        Map<String, Integer> checks = new ConcurrentHashMap<>();
        TransactionMQProducer p = new TransactionMQProducer(cluster.group("v4txp"));
        p.setNamesrvAddr(cluster.nsAddr);
        p.setInstanceName("v4txp-" + System.nanoTime());
        p.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                String b = new String(msg.getBody());
                return b.equals("commit") ? LocalTransactionState.COMMIT_MESSAGE
                        : b.equals("rollback") ? LocalTransactionState.ROLLBACK_MESSAGE : LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checks.merge(body(msg), 1, Integer::sum);
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        p.start();
        List<String> got = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = started(cluster.group("v4txc"), topic, "*", got);
        try {
            for (String b : List.of("commit", "rollback", "unknown")) {
                p.sendMessageInTransaction(message(topic, "X", b), null);
            }
            await(() -> got.contains("commit") && got.contains("unknown"), "committed and checked-back messages");
            Thread.sleep(2500);
            assertEquals(List.of("commit", "unknown"), got.stream().sorted().toList());
            assertEquals(Map.of("unknown", 1), checks);
        } finally {
            c.shutdown();
            p.shutdown();
        }
    }
}
