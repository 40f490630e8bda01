package io.comet.itest.cluster;

import static io.comet.itest.cluster.ConsumeCluster.await;
import static io.comet.itest.cluster.ConsumeCluster.body;
import static io.comet.itest.cluster.ConsumeCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed offsets with rocketmq-client 5.3.1: a restarted consumer resumes where its group stopped, also after
 * the broker itself was restarted (offsets saved at shutdown and loaded at start); rocketmq-tools' consume stats
 * show the committed offsets.
 */
@Timeout(90)
class ConsumerOffsetClusterTest {
    @TempDir
    static Path work;
    static ConsumeCluster cluster;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ConsumeCluster(work, "broker-o", Map.of());
        producer = cluster.producer("offset-producer");
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.shutdown();
        if (cluster != null) cluster.close();
    }

    private static List<String> send(String topic, String prefix, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            producer.send(message(topic, "O", prefix + i));
            out.add(prefix + i);
        }
        return out;
    }

    private static DefaultMQPushConsumer consumer(String group, String topic, List<String> into) throws Exception {
        DefaultMQPushConsumer c = cluster.pushConsumer(group);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> into.add(body(m)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    private static long committed(String group, String topic) {
        try {
            ConsumeStats stats = cluster.admin.examineConsumeStats(group, topic);
            long sum = 0;
            for (OffsetWrapper w : stats.getOffsetTable().values()) {
                sum += w.getConsumerOffset();
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Consumes a first batch, stops the consumer, runs {@code between}, then checks a new one gets only the rest. */
    private static void resumes(String name, Runnable between) throws Exception {
        String topic = cluster.topic(name, 2);
        String group = cluster.group(name.toLowerCase());
        List<String> first = send(topic, "first", 10);
        List<String> got = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = consumer(group, topic, got);
        await(() -> got.size() >= 10, "the first batch is consumed");
        c.shutdown();
        await(() -> committed(group, topic) == 10, "the consumer committed offset 10 in total");
        assertEquals(new TreeSet<>(first), new TreeSet<>(got));

        between.run();
        List<String> second = send(topic, "second", 10);
        List<String> again = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c2 = consumer(group, topic, again);
        try {
            await(() -> again.size() >= 10, "the second batch is consumed");
            Thread.sleep(1000);
            assertEquals(new TreeSet<>(second), new TreeSet<>(again), "only what the group had not consumed");
            assertEquals(10, again.size(), "nothing twice: " + again);
        } finally {
            c2.shutdown();
        }
    }

    @Test
    void restartedConsumerResumesAtTheCommittedOffset() throws Exception {
        resumes("Resume", () -> { });
    }

    @Test
    void offsetsSurviveABrokerRestart() throws Exception {
        resumes("Restart", () -> {
            cluster.stopBroker();
            cluster.startBroker();
            try {
                await(() -> committed(cluster.group("restart"), "Restart" + cluster.run) == 10,
                        "the restarted broker still knows the committed offsets");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }
}
