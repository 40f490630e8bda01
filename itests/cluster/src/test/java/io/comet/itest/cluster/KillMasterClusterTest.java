package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.Cleanup;
import io.comet.itest.CometCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kill -9} scenario of issue 5, shared by the 2m-2s-sync and 2m-2s-async tests: all four brokers of a
 * shipped layout and a NameServer run as processes ({@link CometCluster}); a topic lives on broker-a and broker-b;
 * {@link #SENDERS} threads of one official 5.3.1 producer send without pause and record every outcome
 * ({@link Load}); broker-a's master is killed with SIGKILL while they send; a push consumer of a new group, started
 * only after the kill, then reads what the surviving brokers hold.
 */
abstract class KillMasterClusterTest {
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    static final int SENDERS = 3;
    static final int QUEUES = 4;
    /** Messages each master must have acknowledged under the load before broker-a's master is killed. */
    static final int ACKED_BEFORE_KILL = 500;
    /** After the kill, every send that starts later than this must succeed (on broker-b). */
    static final long SETTLE_MILLIS = 3_000;

    @TempDir
    Path work;
    private final Cleanup cleanup = new Cleanup();
    private final long t0 = System.nanoTime();
    /** {@code nanoTime} of the kill. */
    long killNanos;
    CometCluster cluster;
    DefaultMQAdminExt admin;
    DefaultMQProducer producer;
    String topic;

    /** One send: its body, when it started and ended, and the result or failure. */
    record Outcome(String body, long startNanos, long endNanos, SendResult result, Throwable failure) {
        boolean ok() {
            return result != null && result.getSendStatus() == SendStatus.SEND_OK;
        }

        /** The broker that acknowledged it; only for {@link #ok()} outcomes. */
        String broker() {
            return result.getMessageQueue().getBrokerName();
        }
    }

    @AfterEach
    void stopAll() {
        cleanup.close();
    }

    /** Prints how far the test got, with the time since it started. */
    void phase(String what) {
        System.out.printf("%s: %s after %d ms%n", getClass().getSimpleName(), what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Starts {@code layout}, creates the topic on both masters (waiting until both slaves hold its config too,
     * so they can serve it once their master is gone) and a producer whose sends each master acknowledges.
     */
    void startWithTopic(String layout) throws Exception {
        cluster = CometCluster.start(work.resolve("cluster"), layout, Map.of());
        cleanup.push(cluster);
        admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("kill-admin-" + RUN);
        admin.start();
        cleanup.push(admin::shutdown);
        topic = "KillMaster" + RUN;
        for (String master : List.of("broker-a", "broker-b")) {
            // idempotent, so retried: on a loaded 2-core machine one answer can miss the admin's 5 s timeout
            await(() -> createTopic(cluster.address(master)), master + " creates " + topic, 30);
        }
        await(() -> MultiMasterClusterTest.brokersRouting(admin, topic).containsAll(Set.of("broker-a", "broker-b")),
                "the NameServer routes " + topic + " to broker-a and broker-b", 30);
        for (String slave : List.of("broker-a-s", "broker-b-s")) {
            await(() -> slaveKnowsTopic(cluster.address(slave)), slave + " synced the config of " + topic, 30);
        }
        producer = new DefaultMQProducer("kill-producer-" + RUN);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("kill-producer-" + RUN);
        producer.setSendMsgTimeout(3000);
        producer.start();
        cleanup.push(producer::shutdown);
    }

    private boolean createTopic(String addr) {
        try {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig(topic, QUEUES, QUEUES, 6));
            return true;
        } catch (Exception e) {
            System.out.println("KillMaster: UPDATE_AND_CREATE_TOPIC to " + addr + " failed, retrying: " + e);
            return false;
        }
    }

    private boolean slaveKnowsTopic(String addr) {
        try {
            return admin.getAllTopicConfig(addr, 3000).getTopicConfigTable().containsKey(topic);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Until {@code broker} answers a send with SEND_OK (a SYNC_MASTER answers SLAVE_NOT_AVAILABLE until its slave
     * has connected); the acknowledged probe is recorded in {@code load} like any other acknowledged send.
     */
    void awaitAcknowledging(String broker, Load load) throws InterruptedException {
        MessageQueue mq = new MessageQueue(topic, broker, 0);
        await(() -> load.recordIfOk(load.attempt(m -> producer.send(m, mq), "probe-" + broker)),
                broker + " acknowledges a send with SEND_OK", 30);
    }

    /**
     * {@link #SENDERS} sender threads and everything they saw. Each keeps up to {@code inFlight} sends under way:
     * 1 sends synchronously, more sends asynchronously (the official client's callback send).
     */
    final class Load {
        private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final Map<String, Integer> counters = new ConcurrentHashMap<>();
        private final int inFlight;
        private final Semaphore underWay;

        Load(int inFlight) {
            this.inFlight = inFlight;
            this.underWay = new Semaphore(SENDERS * inFlight);
        }

        interface Send {
            SendResult send(Message m) throws Exception;
        }

        /** Records {@code o} if it was acknowledged; tells whether it was. */
        boolean recordIfOk(Outcome o) {
            if (o.ok()) {
                outcomes.add(o);
            }
            return o.ok();
        }

        void sendOnce(Send send, String prefix) {
            outcomes.add(attempt(send, prefix));
        }

        private String nextBody(String prefix) {
            return prefix + "-" + counters.merge(prefix, 1, Integer::sum) + "-" + RUN;
        }

        /** One send of a new body, not recorded. */
        Outcome attempt(Send send, String prefix) {
            String body = nextBody(prefix);
            long start = System.nanoTime();
            Outcome o;
            try {
                o = new Outcome(body, start, System.nanoTime(), send.send(new Message(topic, "TagA",
                        body.getBytes(StandardCharsets.UTF_8))), null);
            } catch (Exception e) {
                o = new Outcome(body, start, System.nanoTime(), null, e);
            }
            return o;
        }

        void start() {
            for (int t = 0; t < SENDERS; t++) {
                String prefix = "s" + t;
                Thread sender = new Thread(() -> {
                    while (!stop.get()) {
                        if (inFlight == 1) {
                            sendOnce(producer::send, prefix);
                        } else {
                            sendAsync(prefix);
                        }
                    }
                }, "kill-sender-" + t);
                sender.setDaemon(true);
                threads.add(sender);
                sender.start();
            }
            cleanup.push(this::stop);
        }

        /** Starts one asynchronous send once fewer than {@code inFlight} per sender are under way. */
        private void sendAsync(String prefix) {
            try {
                if (!underWay.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
                return;
            }
            String body = nextBody(prefix);
            long start = System.nanoTime();
            try {
                producer.send(new Message(topic, "TagA", body.getBytes(StandardCharsets.UTF_8)), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult r) {
                        outcomes.add(new Outcome(body, start, System.nanoTime(), r, null));
                        underWay.release();
                    }

                    @Override
                    public void onException(Throwable e) {
                        outcomes.add(new Outcome(body, start, System.nanoTime(), null, e));
                        underWay.release();
                    }
                });
            } catch (Exception e) {
                outcomes.add(new Outcome(body, start, System.nanoTime(), null, e));
                underWay.release();
            }
        }

        /** Stops the senders and waits (bounded) until every send under way has its outcome. */
        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive(), "sender " + t.getName() + " stopped");
            }
            assertTrue(underWay.tryAcquire(SENDERS * inFlight, 15, TimeUnit.SECONDS),
                    "every asynchronous send under way ended");
            underWay.release(SENDERS * inFlight);
        }

        List<Outcome> all() {
            synchronized (outcomes) {
                return List.copyOf(outcomes);
            }
        }

        long count(Predicate<Outcome> filter) {
            return all().stream().filter(filter).count();
        }

        List<Outcome> acknowledged(String broker) {
            return all().stream().filter(o -> o.ok() && o.broker().equals(broker)).toList();
        }
    }

    /**
     * Starts {@code layout} with the topic, waits until both masters acknowledge, runs a load of {@code inFlight}
     * sends under way per sender ({@link Load}), kills broker-a's
     * master with SIGKILL once both masters acknowledged {@link #ACKED_BEFORE_KILL} messages (recording
     * {@link #killNanos}), and waits until 60 sends started after the settle bound were acknowledged. Then asserts
     * that the producer kept
     * succeeding: no send started after the settle bound failed, and every send acknowledged after the kill was
     * stored on broker-b. Returns the stopped load.
     */
    Load killMasterOfBrokerAUnderLoad(String layout, int inFlight) throws Exception {
        startWithTopic(layout);
        Load load = new Load(inFlight);
        awaitAcknowledging("broker-a", load);
        awaitAcknowledging("broker-b", load);
        phase("cluster up, both masters acknowledge");
        load.start();
        await(() -> load.acknowledged("broker-a").size() >= ACKED_BEFORE_KILL
                && load.acknowledged("broker-b").size() >= ACKED_BEFORE_KILL,
                "both masters acknowledged " + ACKED_BEFORE_KILL + " messages", 60);
        killNanos = System.nanoTime();
        cluster.kill("broker-a");
        long settled = killNanos + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        await(() -> load.count(o -> o.ok() && o.startNanos() > settled) >= 60,
                "60 sends started after the settle bound were acknowledged", 30);
        load.stop();
        phase("broker-a's master killed, producer settled on broker-b");
        List<Outcome> all = load.all();
        List<Outcome> failed = all.stream().filter(o -> !o.ok()).toList();
        System.out.printf("KillMaster: %d sends, %d not SEND_OK, %d acknowledged by broker-a before the kill%n",
                all.size(), failed.size(), load.acknowledged("broker-a").size());
        Map<String, Long> byKind = new TreeMap<>();
        failed.forEach(o -> byKind.merge((o.startNanos() < killNanos ? "before" : "after") + " the kill: "
                + (o.failure() != null ? o.failure().getClass().getSimpleName() : o.broker() + " answered "
                + o.result().getSendStatus()), 1L, Long::sum));
        System.out.println("KillMaster: sends not acknowledged: " + byKind);
        failed.stream().filter(o -> o.startNanos() >= killNanos).forEach(o -> System.out.printf(
                "KillMaster: send started %d ms after the kill: %s%n", TimeUnit.NANOSECONDS.toMillis(o.startNanos()
                        - killNanos), o.failure() != null ? o.failure() : o.result()));
        for (Outcome o : failed) {
            assertTrue(o.startNanos() < settled, "a send started " + TimeUnit.NANOSECONDS.toMillis(o.startNanos()
                    - killNanos) + " ms after the kill was not acknowledged: " + (o.failure() != null ? o.failure()
                    : o.result()));
        }
        for (Outcome o : all) {
            if (o.ok() && o.startNanos() > killNanos) {
                assertEquals("broker-b", o.broker(), "a send acknowledged after the kill: " + o.result());
            }
        }
        return load;
    }

    /**
     * A push consumer of a new group (from the first offset) reading {@link #topic} until it has received every
     * message in {@code expected} (bounded); returns msgId to the bodies received under it, in arrival order.
     */
    Map<String, List<String>> consume(Collection<Outcome> expected, int seconds) throws Exception {
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("kill-group-" + RUN);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("kill-consumer-" + RUN);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setHeartbeatBrokerInterval(2000); // apache/rocketmq#3434, see ConsumeCluster
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                received.computeIfAbsent(m.getMsgId(), k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        cleanup.push(consumer::shutdown);
        Set<String> ids = new HashSet<>();
        expected.forEach(o -> ids.add(o.result().getMsgId()));
        try {
            await(() -> received.keySet().containsAll(ids), "the consumer received all " + ids.size()
                    + " expected messages", seconds);
        } catch (AssertionError e) {
            ids.removeAll(received.keySet());
            throw new AssertionError(e.getMessage() + "; missing " + ids.size() + ", e.g. " + ids.stream()
                    .limit(5).toList(), e);
        }
        return received;
    }

    /** Every expected message was received with the body its send carried, and under no other body. */
    static void assertReceivedWithContent(Collection<Outcome> expected, Map<String, List<String>> received) {
        for (Outcome o : expected) {
            List<String> bodies = received.get(o.result().getMsgId());
            assertTrue(bodies != null && !bodies.isEmpty(), "acknowledged message " + o.body() + " was consumed");
            for (String body : bodies) {
                assertEquals(o.body(), body, "the content of message " + o.result().getMsgId());
            }
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what, int seconds)
            throws InterruptedException {
        MultiMasterClusterTest.await(condition, what, seconds);
    }
}
