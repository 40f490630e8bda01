package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.BrokerFile;
import io.comet.itest.CometCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code bin/mqnamesrv} and {@code bin/mqbroker} as their own processes and drives the broker's producing
 * and admin side with the official rocketmq-client and rocketmq-tools 5.3.1: sync/async/oneway and batch sends,
 * SendResult offsets and ids, auto-create, TOPIC_NOT_EXIST with auto-create off, MESSAGE_ILLEGAL for an oversized
 * body, message lookups, and topic/broker administration. Topic names are unique per run.
 */
@Timeout(120)
class ProducerClusterTest {
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    @TempDir
    static Path work;
    static CometCluster cluster;
    static String nsAddr;
    static String brokerAddr;
    static DefaultMQAdminExt admin;
    static DefaultMQProducer producer;

    @BeforeAll
    static void startNodes() throws Exception {
        cluster = CometCluster.start(work, List.of(BrokerFile.lone("broker-p", Map.of())), Map.of());
        nsAddr = cluster.namesrvAddr();
        brokerAddr = cluster.address("broker");
        admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nsAddr);
        admin.setInstanceName("comet-producer-admin-" + RUN);
        admin.start();
        await(() -> {
            try {
                return admin.examineTopicRouteInfo("TBW102") != null;
            } catch (Exception e) {
                return false;
            }
        }, "the broker registers TBW102 with the NameServer");
        producer = new DefaultMQProducer("comet-producer-" + RUN);
        producer.setNamesrvAddr(nsAddr);
        producer.setInstanceName("comet-producer-" + RUN);
        producer.setSendMsgTimeout(5000);
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.shutdown();
        if (admin != null) admin.shutdown();
        if (cluster != null) cluster.close();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    static long total(String topic) throws Exception {
        TopicStatsTable stats = admin.examineTopicStats(topic);
        long sum = 0;
        for (TopicOffset o : stats.getOffsetTable().values()) {
            sum += o.getMaxOffset() - o.getMinOffset();
        }
        return sum;
    }

    static Message message(String topic, String body, String key) {
        Message m = new Message(topic, "TagA", body.getBytes(StandardCharsets.UTF_8));
        if (key != null) {
            m.setKeys(key);
        }
        return m;
    }

    /**
     * The topic's route from the NameServer. An auto-created topic reaches the NameServer with the broker's next
     * registration, which the creation triggers but does not wait for (as in RocketMQ), so this polls up to 10 s.
     */
    private TopicRouteData routeOnceRegistered(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return admin.examineTopicRouteInfo(topic);
            } catch (MQClientException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void syncAsyncAndOnewaySendsAreStoredWithConsecutiveOffsets() throws Exception {
        String topic = "ProdSync" + RUN;
        Map<Integer, List<Long>> offsets = new ConcurrentHashMap<>();
        for (int i = 0; i < 12; i++) {
            SendResult r = producer.send(message(topic, "sync-" + i, null));
            assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            assertEquals("broker-p", r.getMessageQueue().getBrokerName());
            offsets.computeIfAbsent(r.getMessageQueue().getQueueId(), q -> new ArrayList<>()).add(r.getQueueOffset());
            assertEquals(brokerAddr, MessageDecoder.decodeMessageId(r.getOffsetMsgId()).getAddress()
                    .toString().replace("/", ""), "the offset id names this broker");
            assertTrue(r.getMsgId().length() == 32 || r.getMsgId().length() == 56, "client id " + r.getMsgId());
        }
        offsets.values().forEach(list -> {
            for (int i = 0; i < list.size(); i++) {
                assertEquals(i, list.get(i), "offsets within a queue count up from 0: " + list);
            }
        });
        TopicRouteData route = routeOnceRegistered(topic);
        QueueData qd = route.getQueueDatas().get(0);
        assertEquals(4, qd.getWriteQueueNums(), "auto-created with the producer's 4 queues");
        assertEquals(6, qd.getPerm());

        CountDownLatch done = new CountDownLatch(10);
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            producer.send(message(topic, "async-" + i, null), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    done.countDown();
                }

                @Override
                public void onException(Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "async sends completed");
        assertTrue(failures.isEmpty(), "async failures: " + failures);
        for (int i = 0; i < 5; i++) {
            producer.sendOneway(message(topic, "oneway-" + i, null));
        }
        await(() -> {
            try {
                return total(topic) == 27;
            } catch (Exception e) {
                return false;
            }
        }, "27 messages are in " + topic);
    }

    @Test
    void batchesGetConsecutiveOffsetsAndOneIdPerMessage() throws Exception {
        String topic = "ProdBatch" + RUN;
        producer.send(message(topic, "first", null));
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(message(topic, "batch-" + i, "bk" + i));
        }
        MessageQueue mq = new MessageQueue(topic, "broker-p", 3);
        SendResult r = producer.send(batch, mq);
        assertEquals(SendStatus.SEND_OK, r.getSendStatus());
        assertEquals(5, r.getMsgId().split(",").length);
        String[] offsetIds = r.getOffsetMsgId().split(",");
        assertEquals(5, offsetIds.length);
        long first = r.getQueueOffset();
        for (int i = 0; i < 5; i++) {
            MessageExt m = admin.viewMessage(topic, offsetIds[i]);
            assertEquals("batch-" + i, new String(m.getBody(), StandardCharsets.UTF_8));
            assertEquals(3, m.getQueueId());
            assertEquals(first + i, m.getQueueOffset());
            assertEquals("bk" + i, m.getKeys());
        }
    }

    @Test
    void messagesAreFoundByIdAndByKey() throws Exception {
        String topic = "ProdQuery" + RUN;
        SendResult r = producer.send(message(topic, "find me", "order-" + RUN));
        MessageExt byOffsetId = admin.viewMessage(topic, r.getOffsetMsgId());
        assertEquals("find me", new String(byOffsetId.getBody(), StandardCharsets.UTF_8));
        assertEquals(r.getMsgId(), byOffsetId.getMsgId());
        assertEquals("CometCluster", byOffsetId.getProperty("CLUSTER"));
        // lookups by key go through the index, which the store's dispatch thread builds just after the ack
        await(() -> {
            try {
                return admin.queryMessage(topic, "order-" + RUN, 32, 0, System.currentTimeMillis() + 60_000)
                        .getMessageList().size() == 1;
            } catch (Exception e) {
                return false;
            }
        }, "the message is indexed");
        MessageExt byUniqueKey = admin.viewMessage(topic, r.getMsgId());
        assertEquals("find me", new String(byUniqueKey.getBody(), StandardCharsets.UTF_8));
        QueryResult q = admin.queryMessage(topic, "order-" + RUN, 32, 0, System.currentTimeMillis() + 60_000);
        assertEquals(1, q.getMessageList().size());
        assertEquals(r.getMsgId(), q.getMessageList().get(0).getMsgId());
    }

    @Test
    void oversizedMessagesAreIllegal() throws Exception {
        String topic = "ProdBig" + RUN;
        producer.send(message(topic, "small", null));
        byte[] body = new byte[4 * 1024 * 1024 + 1];
        new java.util.Random(7).nextBytes(body);
        DefaultMQProducer lenient = new DefaultMQProducer("comet-big-" + RUN);
        lenient.setNamesrvAddr(nsAddr);
        lenient.setInstanceName("comet-big-" + RUN);
        lenient.setMaxMessageSize(8 * 1024 * 1024);
        lenient.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        lenient.setSendMsgTimeout(10_000);
        lenient.start();
        try {
            MQBrokerException e = assertThrows(MQBrokerException.class, () -> lenient.send(new Message(topic, body)));
            assertEquals(13, e.getResponseCode(), "the store's maxMessageSize (4 MiB) refuses it");
        } finally {
            lenient.shutdown();
        }
        assertEquals(1, total(topic));
    }

    @Test
    void unknownTopicsFailWhileAutoCreateIsOff() throws Exception {
        Properties off = new Properties();
        off.setProperty("autoCreateTopicEnable", "false");
        admin.updateBrokerConfig(brokerAddr, off);
        try {
            assertEquals("false", admin.getBrokerConfig(brokerAddr).getProperty("autoCreateTopicEnable"));
            String topic = "ProdNoAuto" + RUN;
            MQClientException e = assertThrows(MQClientException.class,
                    () -> producer.send(message(topic, "x", null)));
            assertTrue(e.getResponseCode() == 17 || String.valueOf(e.getMessage()).contains("No route info"),
                    "expected TOPIC_NOT_EXIST, got " + e);
            assertThrows(MQBrokerException.class, () -> admin.examineTopicConfig(brokerAddr, topic));
        } finally {
            Properties on = new Properties();
            on.setProperty("autoCreateTopicEnable", "true");
            admin.updateBrokerConfig(brokerAddr, on);
        }
        assertEquals("true", admin.getBrokerConfig(brokerAddr).getProperty("autoCreateTopicEnable"));
    }

    @Test
    void topicsAreAdministeredThroughTheTools() throws Exception {
        String topic = "ProdAdmin" + RUN;
        TopicConfig config = new TopicConfig(topic, 3, 5, 6);
        admin.createAndUpdateTopicConfig(brokerAddr, config);
        await(() -> {
            try {
                TopicRouteData route = admin.examineTopicRouteInfo(topic);
                return route.getQueueDatas().get(0).getWriteQueueNums() == 5;
            } catch (Exception e) {
                return false;
            }
        }, "the new topic's route shows 5 write queues");
        TopicConfig read = admin.examineTopicConfig(brokerAddr, topic);
        assertEquals(3, read.getReadQueueNums());
        assertEquals(5, read.getWriteQueueNums());
        producer.send(message(topic, "one", null), new MessageQueue(topic, "broker-p", 4));
        // the consume queue is built by the store's dispatch thread just after the send is acknowledged
        await(() -> {
            try {
                return admin.examineTopicStats(topic).getOffsetTable()
                        .get(new MessageQueue(topic, "broker-p", 4)).getMaxOffset() == 1;
            } catch (Exception e) {
                return false;
            }
        }, "the message is dispatched to queue 4");
        TopicStatsTable stats = admin.examineTopicStats(topic);
        assertEquals(5, stats.getOffsetTable().size());
        TopicOffset q4 = stats.getOffsetTable().get(new MessageQueue(topic, "broker-p", 4));
        assertEquals(1, q4.getMaxOffset());
        assertTrue(q4.getLastUpdateTimestamp() > 0);

        admin.deleteTopicInBroker(Set.of(brokerAddr), topic);
        assertThrows(MQBrokerException.class, () -> admin.examineTopicConfig(brokerAddr, topic));
    }

    @Test
    void brokerStatusAndConfigAreReadable() throws Exception {
        producer.send(message("ProdStatus" + RUN, "x", null));
        KVTable table = admin.fetchBrokerRuntimeStats(brokerAddr);
        Set<String> keys = new HashSet<>(table.getTable().keySet());
        assertTrue(keys.containsAll(Set.of("brokerVersionDesc", "putTps", "getTransferredTps", "msgPutTotalTodayNow",
                "earliestMessageTimeStamp", "commitLogDiskRatio")), "runtime keys: " + keys);
        assertTrue(Long.parseLong(table.getTable().get("msgPutTotalTodayNow")) >= 1);
        Properties config = admin.getBrokerConfig(brokerAddr);
        assertEquals("broker-p", config.getProperty("brokerName"));
        assertEquals("CometCluster", config.getProperty("brokerClusterName"));
        assertNotNull(config.getProperty("flushDiskType"), "store and flush keys are listed too");
    }
}
