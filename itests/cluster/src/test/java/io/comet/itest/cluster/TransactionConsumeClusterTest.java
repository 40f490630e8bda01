package io.comet.itest.cluster;

import static io.comet.itest.cluster.ConsumeCluster.await;
import static io.comet.itest.cluster.ConsumeCluster.body;
import static io.comet.itest.cluster.ConsumeCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TransactionMQProducer 5.3.1 end to end: a committed message is consumed, a rolled-back one never is, and one
 * left unknown is checked back by the broker (CHECK_TRANSACTION_STATE) and consumed after the check commits it.
 */
@Timeout(60)
class TransactionConsumeClusterTest {
    @TempDir
    static Path work;
    static ConsumeCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ConsumeCluster(work, "broker-t", Map.of());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void commitRollbackAndCheckBack() throws Exception {
        String topic = cluster.topic("Tx", 2);
        Map<String, Integer> checks = new ConcurrentHashMap<>();
        TransactionMQProducer producer = new TransactionMQProducer(cluster.group("txp"));
        producer.setNamesrvAddr(cluster.nsAddr);
        producer.setInstanceName("txp-" + System.nanoTime());
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return switch (new String(msg.getBody())) {
                    case "commit" -> LocalTransactionState.COMMIT_MESSAGE;
                    case "rollback" -> LocalTransactionState.ROLLBACK_MESSAGE;
                    default -> LocalTransactionState.UNKNOW;
                };
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checks.merge(body(msg), 1, Integer::sum);
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        List<String> got = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = cluster.pushConsumer(cluster.group("txc"));
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(body(m)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            ConsumeCluster.awaitPullsFlowing(producer, topic, got);
            got.removeIf(b -> b.startsWith(ConsumeCluster.MARKER));
            for (String b : List.of("commit", "rollback", "unknown")) {
                assertEquals(SendStatus.SEND_OK,
                        producer.sendMessageInTransaction(message(topic, "X", b), null).getSendStatus());
            }
            await(() -> got.contains("commit"), "the committed message is consumed");
            await(() -> got.contains("unknown"), "the unknown one is consumed after the check-back committed it");
            Thread.sleep(2500);
            assertEquals(List.of("commit", "unknown"), got.stream().sorted().toList(), "never the rolled-back one");
            assertEquals(Map.of("unknown", 1), checks, "only the open transaction was checked, once");
            assertTrue(got.indexOf("commit") < got.indexOf("unknown"));
        } finally {
            c.shutdown();
            producer.shutdown();
        }
    }
}
