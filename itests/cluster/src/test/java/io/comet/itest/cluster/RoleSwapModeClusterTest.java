package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ASYNC_MASTER &lt;-&gt; SYNC_MASTER swaps of a 2m-2s-async master under a steady load of synchronous sends from
 * several threads (issue 5, acceptance 4), each swap through another ConfigAdmin route: an edit of the watched
 * {@code -c} file, Gogo's {@code mq:mode} through {@code bin/mqshell}, {@code bin/mqadmin brokerMode} and
 * {@code bin/mqadmin updateBrokerConfig}. No send may fail, every acknowledged message is consumed afterwards, and
 * while the master is SYNC_MASTER an acknowledged message is already on the slave.
 */
@Timeout(240)
class RoleSwapModeClusterTest extends RoleSwapClusterTest {
    private static final int THREADS = 3;

    @Test
    void asyncSyncSwapsUnderLoadLoseNoSendAndSyncAcksAreOnTheSlave() throws Exception {
        int aPort = FreePorts.next();
        int sPort = FreePorts.next();
        String aAddr = "127.0.0.1:" + aPort;
        String sAddr = "127.0.0.1:" + sPort;
        String topic = "ModeTopic" + run;
        Path aConf = brokerConf("broker-a", "broker-a.properties", aPort, FreePorts.next(), Map.of());
        Path sConf = brokerConf("broker-a-s", "broker-a-s.properties", sPort, FreePorts.next(), Map.of());
        try (CometNode ns = startNamesrv();
             CometNode master = startBroker("a", aConf, aPort);
             CometNode slave = startBroker("a-s", sConf, sPort)) {
            await(() -> brokerA().size() == 2, Duration.ofSeconds(30), "master and slave are registered");
            createTopic(aAddr, topic);
            createTopic(sAddr, topic);
            long pid = master.process().pid();
            DefaultMQProducer producer = producer("mode-producer");
            Queue<SendResult> acked = new ConcurrentLinkedQueue<>();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> load = new ArrayList<>();
            try {
                acked.add(send(producer, topic, "probe"));
                await(() -> maxOffset(sAddr) == maxOffset(aAddr), Duration.ofSeconds(30), "the slave caught up");
                for (int t = 0; t < THREADS; t++) {
                    String prefix = "load-" + t + "-";
                    Thread thread = new Thread(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            try {
                                SendResult r = producer.send(new Message(topic, (prefix + i)
                                        .getBytes(StandardCharsets.UTF_8)));
                                if (r.getSendStatus() == SendStatus.SEND_OK) {
                                    acked.add(r);
                                } else {
                                    failures.add(prefix + i + ": " + r.getSendStatus());
                                }
                            } catch (Exception e) {
                                failures.add(prefix + i + ": " + e);
                            }
                            RoleSwapClusterTest.sleep(5);
                        }
                    }, "mode-load-" + t);
                    thread.setDaemon(true);
                    load.add(thread);
                    thread.start();
                }
                int phase = 0;
                for (String role : List.of("SYNC_MASTER", "ASYNC_MASTER", "SYNC_MASTER", "ASYNC_MASTER",
                        "SYNC_MASTER", "ASYNC_MASTER")) {
                    String route = swap(phase++, master, aConf, aAddr, role);
                    await(() -> hasRole(aAddr, role), Duration.ofSeconds(20), aAddr + " is " + role + " (" + route + ")");
                    int before = acked.size();
                    sleep(1500);
                    assertTrue(acked.size() > before, "the load kept running while " + role + " (" + route + ")");
                    if (role.equals("SYNC_MASTER")) {
                        for (int i = 0; i < 5; i++) {
                            SendResult r = send(producer, topic, "check-" + phase + "-" + i);
                            acked.add(r);
                            long onSlave = maxOffset(sAddr);
                            assertTrue(onSlave > phyOffset(r), "SEND_OK from a SYNC_MASTER (" + route + ") for "
                                    + "offset " + phyOffset(r) + " while the slave holds " + onSlave + " bytes");
                        }
                    }
                }
            } finally {
                stop.set(true);
                for (Thread t : load) {
                    t.join(TimeUnit.SECONDS.toMillis(20));
                }
                producer.shutdown();
            }
            System.out.println("RoleSwapModeClusterTest: " + acked.size() + " acknowledged sends, " + failures.size()
                    + " failed, across 6 swaps");
            assertTrue(failures.isEmpty(), failures.size() + " failed sends: " + failures);
            assertTrue(acked.size() > 100, "a steady load: " + acked.size() + " sends");
            assertEquals(pid, master.process().pid());
            assertEquals(1, count(master, "boot success"), "the master was not restarted inside its JVM");
            assertEquals(Map.of(0L, aAddr, 1L, sAddr), brokerA());

            Set<String> sent = new HashSet<>();
            acked.forEach(r -> sent.add(r.getMsgId()));
            assertEquals(acked.size(), sent.size(), "message ids are unique");
            Set<String> consumed = consumeAll(topic, sent.size());
            Set<String> missing = new HashSet<>(sent);
            missing.removeAll(consumed);
            assertTrue(missing.isEmpty(), missing.size() + " acknowledged messages were not consumed: " + missing);
            assertEquals(sent, consumed, "nothing but the acknowledged messages is in the topic");
        }
    }

    /** Applies {@code role} to the master through one of four ConfigAdmin routes; returns which. */
    private String swap(int phase, CometNode master, Path conf, String addr, String role) throws Exception {
        switch (phase % 4) {
            case 0 -> {
                editConf(conf, Map.of("brokerRole", role));
                return "-c file edit";
            }
            case 1 -> {
                AdminToolRuns.Run r = AdminToolRuns.mqshell(work, master.workDir(), "broker", "-c",
                        "mq:mode role " + role);
                assertEquals(0, r.exit(), r.toString());
                return "bin/mqshell mq:mode";
            }
            case 2 -> {
                AdminToolRuns.Run r = AdminToolRuns.mqadmin(work, nsAddr, "brokerMode", "-b", addr, "-r", role);
                assertEquals(0, r.exit(), r.toString());
                return "bin/mqadmin brokerMode";
            }
            default -> {
                AdminToolRuns.Run r = AdminToolRuns.mqadmin(work, nsAddr, "updateBrokerConfig", "-b", addr,
                        "-k", "brokerRole", "-v", role);
                assertEquals(0, r.exit(), r.toString());
                return "bin/mqadmin updateBrokerConfig";
            }
        }
    }

    private static SendResult send(DefaultMQProducer producer, String topic, String body) throws Exception {
        SendResult r = producer.send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(SendStatus.SEND_OK, r.getSendStatus(), body + ": " + r);
        return r;
    }

    /** Every message of {@code topic} from offset 0 of each queue, by message id (stops at {@code expected}). */
    private Set<String> consumeAll(String topic, int expected) throws Exception {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("mode-consumer-" + run);
        consumer.setNamesrvAddr(nsAddr);
        consumer.setInstanceName("mode-consumer-" + run);
        consumer.setAutoCommit(false);
        consumer.setPullBatchSize(64);
        Set<String> ids = new HashSet<>();
        try {
            consumer.start();
            Collection<MessageQueue> queues = consumer.fetchMessageQueues(topic);
            consumer.assign(queues);
            for (MessageQueue mq : queues) {
                consumer.seek(mq, 0);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (ids.size() < expected && System.nanoTime() < deadline) {
                for (MessageExt m : consumer.poll(1000)) {
                    ids.add(m.getMsgId());
                }
            }
            for (MessageExt m : consumer.poll(500)) {
                ids.add(m.getMsgId());
            }
        } finally {
            consumer.shutdown();
        }
        return ids;
    }
}
