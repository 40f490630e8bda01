package io.comet.itest.v4;

import io.comet.itest.BrokerFile;
import io.comet.itest.CometCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * A NameServer and one broker from the distribution, for the rocketmq-client 4.9.8 consumer tests, with a
 * producer that creates topics through the broker (UPDATE_AND_CREATE_TOPIC via {@code createTopic}). Delay
 * levels are short (level 1 and the first retries = 1 s), SQL92 filtering is on, transactions are checked back
 * after 1 s.
 */
final class V4Cluster implements AutoCloseable {
    final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    final String nsAddr;
    final String brokerName = "broker-v4";
    private final CometCluster cluster;
    final DefaultMQProducer producer;

    V4Cluster(Path work) throws Exception {
        cluster = CometCluster.start(work, List.of(BrokerFile.quickMaster(brokerName)), Map.of());
        nsAddr = cluster.namesrvAddr();
        producer = new DefaultMQProducer("v4-producer-" + run);
        producer.setNamesrvAddr(nsAddr);
        producer.setInstanceName("v4-producer-" + run);
        producer.setSendMsgTimeout(5000);
        try {
            producer.start();
            await(() -> routed("TBW102"), "the broker registers TBW102");
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    boolean routed(String topic) {
        try {
            return !producer.fetchPublishMessageQueues(topic).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates {@code prefix+run} with {@code queues} queues on the broker and waits until it is routed. */
    String topic(String prefix, int queues) throws Exception {
        String topic = prefix + run;
        producer.createTopic("TBW102", topic, queues);
        await(() -> routed(topic), "the NameServer routes " + topic);
        return topic;
    }

    String group(String prefix) {
        return prefix + run;
    }

    DefaultMQPushConsumer pushConsumer(String group) {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(nsAddr);
        c.setInstanceName("v4c-" + group + System.nanoTime());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setConsumeThreadMin(2);
        c.setConsumeThreadMax(4);
        // The official push consumer bumps its subscription version on every rebalance and sends the new version
        // in a heartbeat guarded by a tryLock; when that collides with the periodic heartbeat it is dropped, and
        // the broker answers SUBSCRIPTION_NOT_LATEST (as RocketMQ's does) until the next periodic heartbeat -
        // 30 s by default (apache/rocketmq#3434). A 2 s heartbeat bounds that client-side stall in tests.
        c.setHeartbeatBrokerInterval(2000);
        return c;
    }

    static Message message(String topic, String tags, String body) {
        return new Message(topic, tags, body.getBytes(StandardCharsets.UTF_8));
    }

    static String body(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after 30 s waiting until " + what);
    }

    @Override
    public void close() {
        try {
            producer.shutdown();
        } finally {
            cluster.close();
        }
    }
}
