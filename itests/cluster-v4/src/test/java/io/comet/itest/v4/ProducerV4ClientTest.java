package io.comet.itest.v4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producing side with the official rocketmq-client 4.9.8 against {@code bin/mqnamesrv} + {@code bin/mqbroker}:
 * sync and batch sends (offsets, ids, stored content), and transactional sends whose commit becomes visible and
 * whose rollback does not.
 */
@Timeout(120)
class ProducerV4ClientTest {
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    @TempDir
    static Path work;
    static CometNode namesrv;
    static CometNode broker;
    static String nsAddr;
    static String brokerAddr;
    static DefaultMQProducer producer;

    @BeforeAll
    static void startNodes() throws Exception {
        int nsPort = FreePorts.next();
        int brokerPort = FreePorts.next();
        nsAddr = "127.0.0.1:" + nsPort;
        brokerAddr = "127.0.0.1:" + brokerPort;
        Path nsConf = CometNode.writeConfig(work, "namesrv.properties", Map.of(
                "listenPort", String.valueOf(nsPort), "bindAddress", "127.0.0.1",
                "kvConfigPath", work.resolve("kv/kvConfig.json").toString()));
        namesrv = CometNode.startNamesrv(work.resolve("ns"), nsConf, Duration.ofSeconds(60));
        Path brokerConf = CometNode.writeConfig(work, "broker.properties", Map.of(
                "brokerName", "broker-v4", "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1",
                "listenPort", String.valueOf(brokerPort), "namesrvAddr", nsAddr,
                "storePathRootDir", work.resolve("store").toString()));
        broker = CometNode.start("broker", "mqbroker", work.resolve("broker"), List.of("-c", brokerConf.toString()));
        broker.awaitLog("broker.log", "The broker[broker-v4, " + brokerAddr + "] boot success", Duration.ofSeconds(60));
        producer = new DefaultMQProducer("comet-v4-producer-" + RUN);
        producer.setNamesrvAddr(nsAddr);
        producer.setInstanceName("comet-v4-producer-" + RUN);
        producer.setSendMsgTimeout(5000);
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.shutdown();
        if (broker != null) broker.close();
        if (namesrv != null) namesrv.close();
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
        long sum = 0;
        for (MessageQueue mq : producer.fetchPublishMessageQueues(topic)) {
            sum += producer.maxOffset(mq) - producer.minOffset(mq);
        }
        return sum;
    }

    @Test
    void syncAndBatchSendsAreStoredAsSent() throws Exception {
        String topic = "V4Sync" + RUN;
        MessageQueue mq = null;
        long previous = -1;
        for (int i = 0; i < 6; i++) {
            Message m = new Message(topic, "TagA", "key" + i, ("v4-" + i).getBytes(StandardCharsets.UTF_8));
            SendResult r = mq == null ? producer.send(m) : producer.send(m, mq);
            assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            if (mq != null) {
                assertEquals(previous + 1, r.getQueueOffset(), "consecutive offsets in one queue");
            }
            mq = r.getMessageQueue();
            previous = r.getQueueOffset();
            assertEquals(brokerAddr, MessageDecoder.decodeMessageId(r.getOffsetMsgId()).getAddress().toString()
                    .replace("/", ""));
            MessageExt stored = producer.viewMessage(r.getOffsetMsgId());
            assertEquals("v4-" + i, new String(stored.getBody(), StandardCharsets.UTF_8));
            assertEquals("key" + i, stored.getKeys());
            assertEquals(r.getMsgId(), stored.getMsgId());
        }
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(new Message(topic, ("b" + i).getBytes(StandardCharsets.UTF_8)));
        }
        SendResult r = producer.send(batch, mq);
        assertEquals(previous + 1, r.getQueueOffset());
        assertEquals(4, r.getOffsetMsgId().split(",").length);
        assertEquals("b3", new String(producer.viewMessage(r.getOffsetMsgId().split(",")[3]).getBody(),
                StandardCharsets.UTF_8));
        await(() -> {
            try {
                return total(topic) == 10;
            } catch (Exception e) {
                return false;
            }
        }, "10 messages are in " + topic);
    }

    @Test
    void committedTransactionsBecomeVisibleAndRolledBackOnesDoNot() throws Exception {
        String topic = "V4Tx" + RUN;
        producer.send(new Message(topic, "create".getBytes(StandardCharsets.UTF_8)));
        TransactionMQProducer tx = new TransactionMQProducer("comet-v4-tx-" + RUN);
        tx.setNamesrvAddr(nsAddr);
        tx.setInstanceName("comet-v4-tx-" + RUN);
        tx.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return "commit".equals(arg) ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return LocalTransactionState.ROLLBACK_MESSAGE;
            }
        });
        tx.start();
        try {
            TransactionSendResult committed = tx.sendMessageInTransaction(
                    new Message(topic, "yes".getBytes(StandardCharsets.UTF_8)), "commit");
            assertEquals(LocalTransactionState.COMMIT_MESSAGE, committed.getLocalTransactionState());
            TransactionSendResult rolledBack = tx.sendMessageInTransaction(
                    new Message(topic, "no".getBytes(StandardCharsets.UTF_8)), "rollback");
            assertEquals(LocalTransactionState.ROLLBACK_MESSAGE, rolledBack.getLocalTransactionState());
            await(() -> {
                try {
                    return total(topic) == 2;
                } catch (Exception e) {
                    return false;
                }
            }, "the committed message joins " + topic);
            Thread.sleep(500);
            assertEquals(2, total(topic), "the rolled-back message never shows up");
        } finally {
            tx.shutdown();
        }
    }
}
