package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.BrokerFile;
import io.comet.itest.CometCluster;
import io.comet.itest.CometNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slave reads and slave metadata sync with the shipped {@code conf/2m-2s-sync} broker-a and broker-a-s
 * ({@link CometCluster}: ports, addresses, store folders and NameServer rewritten, {@code brokerIP2=127.0.0.1};
 * {@code slaveReadEnable} not set) as processes and the official 5.3.1 clients:
 * <ol>
 *   <li>a topic and a subscription group created on the master appear on the slave (metadata sync);</li>
 *   <li>{@value #N} messages are sent (SYNC_MASTER: each SEND_OK is on the slave); a push consumer consumes about
 *       half, then its listener stalls, the master is killed with SIGKILL and the listener resumes: the consumer
 *       consumes the whole backlog from the slave (every body, in the slave's pull statistics) and commits its
 *       offsets there;</li>
 *   <li>the consumer stops (its last commit goes to the slave), the master restarts on the same store: the slave
 *       hands the offsets committed on it to the master, and a new consumer of the same group consumes only new
 *       messages.</li>
 * </ol>
 * The consumers poll the NameServer every 2 s instead of 30 s (only to keep the test short: the fail-over itself is
 * the client's route fallback).
 */
@Timeout(240)
class SlaveReadClusterTest {
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static final int N = 200;
    private static final int QUEUES = 4;
    /** Old messages a new consumer may see again: at most one unacknowledged pull batch (see the test's end). */
    private static final int DUPLICATES_ALLOWED = 32;

    @TempDir
    Path work;

    @Test
    void consumersReadTheBacklogFromTheSlaveAndItsCommitsSurviveTheMastersReturn() throws Exception {
        List<BrokerFile> pair = BrokerFile.layout(CometNode.distribution().resolve("conf"), "2m-2s-sync").stream()
                .filter(f -> f.name().equals("broker-a") || f.name().equals("broker-a-s")).toList();
        assertEquals(2, pair.size(), "the shipped 2m-2s-sync layout has broker-a and broker-a-s");
        List<AutoCloseable> cleanup = new ArrayList<>();
        try (CometCluster cluster = CometCluster.start(work, pair, Map.of("brokerIP2", "127.0.0.1"))) {
            String nsAddr = cluster.namesrvAddr();
            String masterAddr = cluster.address("broker-a");
            String slaveAddr = cluster.address("broker-a-s");
            DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
            admin.setNamesrvAddr(nsAddr);
            admin.setInstanceName("comet-sr-admin-" + RUN);
            admin.start();
            cleanup.add(admin::shutdown);

            // 1. metadata created on the master reaches the slave
            String topic = "SlaveReadTopic" + RUN;
            String group = "slaveReadGroup" + RUN;
            admin.createAndUpdateTopicConfig(masterAddr, new TopicConfig(topic, QUEUES, QUEUES, 6));
            SubscriptionGroupConfig sub = new SubscriptionGroupConfig();
            sub.setGroupName(group);
            sub.setRetryMaxTimes(3);
            admin.createAndUpdateSubscriptionGroupConfig(masterAddr, sub);
            await(() -> {
                try {
                    TopicConfig t = admin.examineTopicConfig(slaveAddr, topic);
                    SubscriptionGroupConfig g = admin.examineSubscriptionGroupConfig(slaveAddr, group);
                    return t != null && t.getReadQueueNums() == QUEUES && g != null && g.getRetryMaxTimes() == 3;
                } catch (Exception e) {
                    return false;
                }
            }, "the topic and the group reach the slave", 20);

            // 2. N messages, each SEND_OK on the slave too
            DefaultMQProducer producer = producer(nsAddr, "first");
            cleanup.add(producer::shutdown);
            await(() -> routed(admin, topic), "the NameServer routes " + topic, 30);
            awaitSendOk(producer, "the slave acknowledges SYNC_MASTER sends");
            for (int i = 0; i < N; i++) {
                SendResult r = producer.send(new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
                assertEquals(SendStatus.SEND_OK, r.getSendStatus(), "send " + i + ": " + r);
            }
            producer.shutdown();

            // a consumer takes about half, then stalls until the master is dead
            Set<String> consumed = ConcurrentHashMap.newKeySet();
            AtomicInteger deliveries = new AtomicInteger();
            CountDownLatch masterDead = new CountDownLatch(1);
            DefaultMQPushConsumer first = consumer(group, nsAddr, "first");
            first.subscribe(topic, "*");
            first.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    if (deliveries.get() >= N / 2) {
                        try {
                            masterDead.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                        }
                    }
                    deliveries.incrementAndGet();
                    consumed.add(new String(m.getBody(), StandardCharsets.UTF_8));
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            first.start();
            cleanup.add(first::shutdown);
            await(() -> deliveries.get() >= N / 2, "half of the messages are consumed from the master", 60);
            long slaveGetsBefore = getTotal(admin, slaveAddr);

            cluster.kill("broker-a");
            masterDead.countDown();
            await(() -> groupSize(cluster) == 1, "the NameServer dropped the dead master", 20);
            await(() -> consumed.size() == N, () -> "every message is consumed, " + consumed.size() + " of " + N
                    + " so far", 90);
            for (int i = 0; i < N; i++) {
                assertTrue(consumed.contains("m" + i), "message m" + i + " was consumed");
            }
            long fromSlave = getTotal(admin, slaveAddr) - slaveGetsBefore;
            assertTrue(fromSlave > 0, "the backlog came from the slave (it served " + fromSlave + " messages)");
            await(() -> committedSum(admin, slaveAddr, topic, group) == N,
                    () -> "the consumer committed all " + N + " on the slave; it holds "
                            + committedSum(admin, slaveAddr, topic, group), 30);
            first.shutdown();

            // 3. the master returns on its store; the slave hands the commits over before anything else
            cluster.restart("broker-a"); // same config, store and ports; returns once it is registered again
            await(() -> committedSum(admin, masterAddr, topic, group) == N,
                    () -> "the slave handed its commits to the master; it holds "
                            + committedSum(admin, masterAddr, topic, group), 30);

            DefaultMQProducer again = producer(nsAddr, "second");
            cleanup.add(again::shutdown);
            awaitSendOk(again, "the master accepts sends with its slave in sync again");
            int more = 20;
            for (int i = 0; i < more; i++) {
                SendResult r = again.send(new Message(topic, ("new" + i).getBytes(StandardCharsets.UTF_8)));
                assertEquals(SendStatus.SEND_OK, r.getSendStatus(), "new send " + i + ": " + r);
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger oldAgain = new AtomicInteger();
            DefaultMQPushConsumer second = consumer(group, nsAddr, "second");
            second.subscribe(topic, "*");
            second.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    String body = new String(m.getBody(), StandardCharsets.UTF_8);
                    if (body.startsWith("m")) {
                        oldAgain.incrementAndGet();
                    }
                    seen.add(body);
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            second.start();
            cleanup.add(second::shutdown);
            await(() -> {
                for (int i = 0; i < more; i++) {
                    if (!seen.contains("new" + i)) {
                        return false;
                    }
                }
                return true;
            }, () -> "the new consumer gets the " + more + " new messages; seen " + seen.size(), 60);
            Thread.sleep(2000); // give a re-consumption from offset 0 time to show
            // the first consumer stopped cleanly after committing everything, so nothing old should come back; a
            // consumer that dies instead loses at most its last unacknowledged batch (one pull, <= 32 messages)
            assertTrue(oldAgain.get() <= DUPLICATES_ALLOWED, oldAgain.get()
                    + " already committed messages were consumed again");
            System.out.println("SlaveReadClusterTest: " + fromSlave + " messages pulled from the slave, "
                    + oldAgain.get() + " committed messages consumed again after the master's return");
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                try {
                    cleanup.get(i).close();
                } catch (Exception e) {
                    // keep cleaning up
                }
            }
        }
    }

    private static DefaultMQProducer producer(String nsAddr, String name) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer("slaveReadProducer-" + name + RUN);
        p.setNamesrvAddr(nsAddr);
        p.setInstanceName("sr-producer-" + name + RUN);
        p.setSendMsgTimeout(5000);
        p.start();
        return p;
    }

    /**
     * Until a send of a probe topic answers SEND_OK: a SYNC_MASTER answers SLAVE_NOT_AVAILABLE until its slave has
     * connected to the HA port and caught up (bounded, 60 s).
     */
    private static void awaitSendOk(DefaultMQProducer p, String what) throws InterruptedException {
        await(() -> {
            try {
                return p.send(new Message("Probe" + RUN, "probe".getBytes(StandardCharsets.UTF_8))).getSendStatus()
                        == SendStatus.SEND_OK;
            } catch (Exception e) {
                return false;
            }
        }, what, 60);
    }

    private DefaultMQPushConsumer consumer(String group, String nsAddr, String name) {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(nsAddr);
        c.setInstanceName("sr-" + name + "-" + RUN);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setConsumeThreadMin(2);
        c.setConsumeThreadMax(2);
        c.setPullBatchSize(4);
        c.setPullThresholdForQueue(4); // keep the backlog on the brokers, not in the client's cache
        c.setPersistConsumerOffsetInterval(1000);
        c.setPollNameServerInterval(2000);
        c.setHeartbeatBrokerInterval(2000); // apache/rocketmq#3434
        return c;
    }

    private static int groupSize(CometCluster cluster) {
        try {
            return cluster.registrations().getOrDefault("broker-a", Map.of()).size();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    private static boolean routed(DefaultMQAdminExt admin, String topic) {
        try {
            return admin.examineTopicRouteInfo(topic) != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** Messages the broker served to pulls so far (GET_BROKER_RUNTIME_INFO {@code getTotalTodayNow}). */
    private static long getTotal(DefaultMQAdminExt admin, String addr) throws Exception {
        String v = admin.fetchBrokerRuntimeStats(addr).getTable().get("msgGetTotalTodayNow");
        assertNotNull(v, "msgGetTotalTodayNow of " + addr);
        return Long.parseLong(v);
    }

    /** The group's committed offsets of every queue of {@code topic} on {@code addr}, summed (-1 on failure). */
    private static long committedSum(DefaultMQAdminExt admin, String addr, String topic, String group) {
        long sum = 0;
        try {
            for (int q = 0; q < QUEUES; q++) {
                QueryConsumerOffsetRequestHeader h = new QueryConsumerOffsetRequestHeader();
                h.setConsumerGroup(group);
                h.setTopic(topic);
                h.setQueueId(q);
                sum += admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl()
                        .queryConsumerOffset(addr, h, 5000);
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        await(condition, () -> what, seconds);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what.get());
            }
            Thread.sleep(200);
        }
    }
}
