package io.comet.itest.cluster;

import io.comet.itest.BrokerFile;
import io.comet.itest.CometCluster;
import io.comet.itest.CometNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * A NameServer and one broker started from the distribution as processes, for the consumer cluster tests, with
 * an admin client and helpers for topics, producers and consumers. Delay levels are short (level 1 = 1 s, levels
 * 2-4 = 1 s so retries come quickly), SQL92 filtering is on, and transactions are checked back after 1 s.
 */
final class ConsumeCluster implements AutoCloseable {
    static final String DELAY_LEVELS = BrokerFile.SHORT_DELAY_LEVELS;
    /** The broker's file name in the {@link CometCluster}, as {@link BrokerFile#quickMaster} names it. */
    private static final String BROKER = "broker";
    final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    final Path work;
    final String nsAddr;
    final String brokerName;
    final String brokerAddr;
    private final CometCluster cluster;
    final CometNode namesrv;
    /** The broker's current process. */
    CometNode broker;
    final DefaultMQAdminExt admin;

    ConsumeCluster(Path work, String brokerName, Map<String, String> brokerOverrides) throws Exception {
        this.work = work;
        this.brokerName = brokerName;
        cluster = CometCluster.start(work, List.of(BrokerFile.quickMaster(brokerName)), brokerOverrides);
        nsAddr = cluster.namesrvAddr();
        brokerAddr = cluster.address(BROKER);
        namesrv = cluster.namesrv();
        broker = cluster.node(BROKER);
        admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nsAddr);
        admin.setInstanceName("comet-consume-admin-" + run);
        try {
            admin.start();
            await(() -> route("TBW102"), "the broker registers TBW102 with the NameServer");
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Starts the stopped broker again over the same store and ports and waits for its boot and registration. */
    void startBroker() {
        cluster.restart(BROKER);
        broker = cluster.node(BROKER);
    }

    /** Stops the broker cleanly (SIGTERM) and waits for it to exit. */
    void stopBroker() {
        cluster.stop(BROKER);
    }

    boolean route(String topic) {
        try {
            return admin.examineTopicRouteInfo(topic) != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates {@code topic} with {@code queues} read and write queues and waits until the NameServer routes it. */
    String topic(String prefix, int queues) throws Exception {
        String topic = prefix + run;
        TopicConfig tc = new TopicConfig(topic, queues, queues, 6);
        admin.createAndUpdateTopicConfig(brokerAddr, tc);
        await(() -> route(topic), "the NameServer routes " + topic);
        return topic;
    }

    String group(String prefix) {
        return prefix + run;
    }

    DefaultMQProducer producer(String group) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(group + run);
        p.setNamesrvAddr(nsAddr);
        p.setInstanceName("p-" + group + run + System.nanoTime());
        p.setSendMsgTimeout(5000);
        p.start();
        return p;
    }

    /** A push consumer of {@code group}, not started, reading new groups from the first offset. */
    DefaultMQPushConsumer pushConsumer(String group) {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(nsAddr);
        c.setInstanceName("c-" + group + System.nanoTime());
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

    /** Body prefix of the markers {@link #awaitPullsFlowing} sends; tests leave these out of what they count. */
    static final String MARKER = "marker-";

    /**
     * Sends one marker message ({@link #MARKER} + queue id) to every queue of {@code topic} and waits until
     * {@code consumed} holds them all: the consumer's pulls are flowing on every queue, so timings measured after
     * this are the broker's. A consumer's very first pull can race its first heartbeat (the client skips that
     * heartbeat when its periodic one holds the lock, apache/rocketmq#3434); the broker then answers
     * SUBSCRIPTION_NOT_EXIST and the client waits 3 s (pullTimeDelayMillsWhenException) before pulling again,
     * against Apache's broker as against Comet.
     */
    static void awaitPullsFlowing(DefaultMQProducer producer, String topic, java.util.Collection<String> consumed)
            throws Exception {
        List<org.apache.rocketmq.common.message.MessageQueue> queues = producer.fetchPublishMessageQueues(topic);
        for (org.apache.rocketmq.common.message.MessageQueue q : queues) {
            producer.send(message(topic, "M", MARKER + q.getQueueId()), q);
        }
        await(() -> queues.stream().allMatch(q -> consumed.contains(MARKER + q.getQueueId())),
                () -> "the consumer got a marker on every queue of " + topic + "; got " + consumed);
    }

    static Message message(String topic, String tags, String body) {
        return new Message(topic, tags, body.getBytes(StandardCharsets.UTF_8));
    }

    static String body(org.apache.rocketmq.common.message.MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, 30);
    }

    /** As {@link #await(BooleanSupplier, String)}, describing the state at the time out. */
    static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        try {
            await(condition, "", 30);
        } catch (AssertionError e) {
            throw new AssertionError("timed out after 30 s waiting until " + what.get());
        }
    }

    static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
    }

    @Override
    public void close() {
        try {
            admin.shutdown();
        } finally {
            cluster.close();
        }
    }
}
