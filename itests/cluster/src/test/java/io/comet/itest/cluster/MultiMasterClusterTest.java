package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.Cleanup;
import io.comet.itest.CometCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 item 6 with rocketmq-client 5.3.1: a NameServer and two master brokers started from the shipped
 * {@code conf/2m-noslave/broker-a.properties} and {@code broker-b.properties} by {@link CometCluster} (only ports,
 * addresses, the store folder and the NameServer address overridden), a topic on both, sync producers sending
 * without pause while broker-a is killed with SIGKILL. Producers must keep succeeding on broker-b within the
 * client's normal retry, and once broker-a is restarted on the same store every message it acknowledged before the
 * kill must be pulled back from the queue and offset its SendResult named, with its content.
 */
class MultiMasterClusterTest {
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    static final int SENDERS = 2;
    /** After the kill, every send that starts later than this must succeed. */
    static final long SETTLE_MILLIS = 3_000;

    @TempDir
    Path work;
    private final Cleanup cleanup = new Cleanup();

    /** One send attempt: when it started and ended, and the result or failure. */
    record Outcome(String body, long startNanos, long endNanos, SendResult result, Throwable failure) {
        boolean ok() {
            return result != null && result.getSendStatus() == SendStatus.SEND_OK;
        }
    }

    @AfterEach
    void stopAll() {
        cleanup.close();
    }

    @Test
    @Timeout(120)
    void producersSurviveAKilledMasterAndItsMessagesAreReadableAfterRestart() throws Exception {
        long t0 = System.nanoTime();
        CometCluster cluster = CometCluster.start(work, "2m-noslave", Map.of());
        cleanup.push(cluster);
        for (String name : List.of("broker-a", "broker-b")) {
            Map<String, String> shipped = cluster.file(name).properties();
            assertEquals(name, shipped.get("brokerName"), "the shipped " + name + ".properties");
            assertEquals("ASYNC_MASTER", shipped.get("brokerRole"));
            assertNotNull(shipped.get("listenPort"), "the shipped file sets a port");
        }
        String nsAddr = cluster.namesrvAddr();
        phase("NameServer and both masters up", t0);

        DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nsAddr);
        admin.setInstanceName("mm-admin-" + RUN);
        admin.start();
        cleanup.push(admin::shutdown);
        String topic = "MultiMaster" + RUN;
        for (String m : List.of("broker-a", "broker-b")) {
            admin.createAndUpdateTopicConfig(cluster.address(m), new TopicConfig(topic, 4, 4, 6));
        }
        await(() -> brokersRouting(admin, topic).containsAll(Set.of("broker-a", "broker-b")),
                "the NameServer routes " + topic + " to broker-a and broker-b", 20);

        DefaultMQProducer producer = new DefaultMQProducer("mm-producer-" + RUN);
        producer.setNamesrvAddr(nsAddr);
        producer.setInstanceName("mm-producer-" + RUN);
        producer.setSendMsgTimeout(3000);
        producer.start();
        cleanup.push(producer::shutdown);

        List<List<Outcome>> outcomes = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int t = 0; t < SENDERS; t++) {
            List<Outcome> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            outcomes.add(mine);
            int id = t;
            Thread sender = new Thread(() -> sendUntil(stop, producer, topic, "s" + id, mine), "mm-sender-" + t);
            sender.setDaemon(true);
            senders.add(sender);
            cleanup.push(() -> {
                stop.set(true);
                sender.join(10_000);
            });
            sender.start();
        }

        await(() -> acked(outcomes, "broker-a") >= 50 && acked(outcomes, "broker-b") >= 50,
                "both masters acknowledged 50 messages", 20);
        phase("both masters acknowledged 50 messages", t0);
        long killNanos = System.nanoTime();
        cluster.kill("broker-a");
        long deadNanos = System.nanoTime();
        long settledNanos = killNanos + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        await(() -> countOk(outcomes, o -> o.startNanos() > settledNanos) >= 60,
                "60 sends started after the settle bound succeeded", 25);
        phase("60 sends after the settle bound succeeded", t0);
        stop.set(true);
        for (Thread sender : senders) {
            sender.join(10_000);
            assertTrue(!sender.isAlive(), "sender " + sender.getName() + " stopped");
        }

        List<Outcome> all = new ArrayList<>();
        outcomes.forEach(all::addAll);
        List<Outcome> failures = all.stream().filter(o -> !o.ok()).toList();
        System.out.printf("MultiMaster: %d sends, %d failed, %d acknowledged by broker-a before the kill%n",
                all.size(), all.stream().filter(o -> !o.ok()).count(), all.stream().filter(o -> o.ok()
                        && o.endNanos() < killNanos && "broker-a".equals(o.result().getMessageQueue().getBrokerName()))
                        .count());
        failures.forEach(o -> System.out.printf("MultiMaster: send started %d ms after the kill failed: %s%n",
                TimeUnit.NANOSECONDS.toMillis(o.startNanos() - killNanos), o.failure()));
        assertTrue(failures.size() <= 2 * SENDERS, "at most the sends in flight at the kill fail, got "
                + failures.size() + ": " + failures.stream().map(o -> String.valueOf(o.failure())).toList());
        for (Outcome o : failures) {
            assertTrue(o.startNanos() < settledNanos, "a send started " + TimeUnit.NANOSECONDS.toMillis(
                    o.startNanos() - killNanos) + " ms after the kill failed: " + o.failure());
        }
        for (Outcome o : all) {
            if (o.ok() && o.startNanos() > deadNanos) {
                assertEquals("broker-b", o.result().getMessageQueue().getBrokerName(),
                        "sends after the kill are stored on the surviving master");
            }
        }
        long ackedByA = all.stream().filter(o -> o.ok() && o.endNanos() < killNanos
                && "broker-a".equals(o.result().getMessageQueue().getBrokerName())).count();
        assertTrue(ackedByA >= 50, "broker-a acknowledged messages before the kill: " + ackedByA);

        cluster.restart("broker-a");
        await(() -> brokersRouting(admin, topic).contains("broker-a"),
                "the restarted broker-a routes " + topic + " again", 20);

        phase("broker-a restarted and routed", t0);
        DefaultMQPullConsumer reader = new DefaultMQPullConsumer("mm-reader-" + RUN);
        reader.setNamesrvAddr(nsAddr);
        reader.setInstanceName("mm-reader-" + RUN);
        reader.start();
        cleanup.push(reader::shutdown);
        Map<String, String> stored = new HashMap<>();
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int q = 0; q < 4; q++) {
                readQueue(reader, new MessageQueue(topic, broker, q), stored);
            }
        }
        Set<String> sent = new HashSet<>();
        all.forEach(o -> sent.add(o.body()));
        for (Map.Entry<String, String> e : stored.entrySet()) {
            assertTrue(sent.contains(e.getValue()), "stored at " + e.getKey() + " but never sent: " + e.getValue());
        }
        for (Outcome o : all) {
            if (o.ok()) {
                MessageQueue mq = o.result().getMessageQueue();
                String at = position(mq.getBrokerName(), mq.getQueueId(), o.result().getQueueOffset());
                assertEquals(o.body(), stored.get(at), "the acknowledged message at " + at + " is readable");
            }
        }

        phase("all queues read back", t0);

        Set<String> ackedBodies = new HashSet<>();
        all.stream().filter(Outcome::ok).forEach(o -> ackedBodies.add(o.body()));
        DefaultLitePullConsumer group = new DefaultLitePullConsumer("mm-group-" + RUN);
        group.setNamesrvAddr(nsAddr);
        group.setInstanceName("mm-group-" + RUN);
        group.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        group.subscribe(topic, "*");
        group.start();
        cleanup.push(group::shutdown);
        Set<String> consumedFromA = new HashSet<>();
        Set<String> consumed = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        while (!consumed.containsAll(ackedBodies) && System.nanoTime() < deadline) {
            for (MessageExt m : group.poll(1000)) {
                String body = new String(m.getBody(), StandardCharsets.UTF_8);
                consumed.add(body);
                if ("broker-a".equals(m.getBrokerName())) {
                    consumedFromA.add(body);
                }
            }
        }
        Set<String> missing = new HashSet<>(ackedBodies);
        missing.removeAll(consumed);
        assertTrue(missing.isEmpty(), "a consumer group subscribed to " + topic + " receives every acknowledged "
                + "message; missing " + missing.size() + " of " + ackedBodies.size());
        assertTrue(consumedFromA.size() >= ackedByA, "the group consumed broker-a's messages: "
                + consumedFromA.size());
        phase("a consumer group received every acknowledged message", t0);
        MessageQueue a0 = new MessageQueue(topic, "broker-a", 0);
        long highestAcked = all.stream().filter(Outcome::ok).filter(o -> a0.equals(o.result().getMessageQueue()))
                .mapToLong(o -> o.result().getQueueOffset()).max().orElse(-1);
        // a new producer: the running one may have dropped broker-a's address at a route refresh after the kill
        // and learns it again only at its next one (every 30 s)
        DefaultMQProducer later = new DefaultMQProducer("mm-later-" + RUN);
        later.setNamesrvAddr(nsAddr);
        later.setInstanceName("mm-later-" + RUN);
        later.setSendMsgTimeout(3000);
        later.start();
        cleanup.push(later::shutdown);
        SendResult after = later.send(new Message(topic, "after".getBytes(StandardCharsets.UTF_8)), a0);
        assertEquals(SendStatus.SEND_OK, after.getSendStatus());
        assertTrue(after.getQueueOffset() > highestAcked, "the restarted master appends after its recovered "
                + "messages: offset " + after.getQueueOffset() + ", highest acknowledged " + highestAcked);
        MessageExt again = admin.viewMessage(topic, after.getOffsetMsgId());
        assertEquals("after", new String(again.getBody(), StandardCharsets.UTF_8));
    }

    /** Sends one message after another until told to stop, recording every outcome. */
    static void sendUntil(java.util.concurrent.atomic.AtomicBoolean stop, DefaultMQProducer producer, String topic,
                          String prefix, List<Outcome> out) {
        for (int i = 0; !stop.get(); i++) {
            String body = prefix + "-" + i + "-" + RUN;
            long start = System.nanoTime();
            try {
                SendResult r = producer.send(new Message(topic, "TagA", body.getBytes(StandardCharsets.UTF_8)));
                out.add(new Outcome(body, start, System.nanoTime(), r, null));
            } catch (Exception e) {
                out.add(new Outcome(body, start, System.nanoTime(), null, e));
            }
        }
    }

    static void phase(String what, long t0) {
        System.out.printf("MultiMaster: %s after %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    static long acked(List<List<Outcome>> outcomes, String broker) {
        return countOk(outcomes, o -> broker.equals(o.result().getMessageQueue().getBrokerName()));
    }

    static long countOk(List<List<Outcome>> outcomes, java.util.function.Predicate<Outcome> filter) {
        long n = 0;
        for (List<Outcome> list : outcomes) {
            synchronized (list) {
                n += list.stream().filter(Outcome::ok).filter(filter).count();
            }
        }
        return n;
    }

    static String position(String broker, int queueId, long offset) {
        return broker + "/" + queueId + "@" + offset;
    }

    /** Pulls one queue from its min to its max offset into {@code stored} (position to body). */
    static void readQueue(DefaultMQPullConsumer reader, MessageQueue mq, Map<String, String> stored)
            throws Exception {
        long offset = reader.minOffset(mq);
        long max = reader.maxOffset(mq);
        while (offset < max) {
            PullResult r = reader.pull(mq, "*", offset, 32, 5000);
            assertEquals(PullStatus.FOUND, r.getPullStatus(), "pull " + mq + " at " + offset + " (max " + max + ")");
            for (MessageExt m : r.getMsgFoundList()) {
                stored.put(position(mq.getBrokerName(), mq.getQueueId(), m.getQueueOffset()),
                        new String(m.getBody(), StandardCharsets.UTF_8));
            }
            assertTrue(r.getNextBeginOffset() > offset, "the pull advances");
            offset = r.getNextBeginOffset();
        }
    }

    static Set<String> brokersRouting(DefaultMQAdminExt admin, String topic) {
        try {
            TopicRouteData route = admin.examineTopicRouteInfo(topic);
            Set<String> names = new HashSet<>();
            for (QueueData qd : route.getQueueDatas()) {
                names.add(qd.getBrokerName());
            }
            return names;
        } catch (Exception e) {
            return Set.of();
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
}
