package io.comet.itest.v4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.BrokerRegistrar;
import io.comet.itest.BrokerRegistrar.Topic;
import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The official rocketmq-client 4.9.8 decodes Comet's NameServer routes (version 409 requests). */
@Timeout(120)
class NameServerV4ClientTest {
    @TempDir
    Path work;

    @Test
    @SuppressWarnings("deprecation")
    void producerAndPullConsumerBuildQueuesFromCometRoutes() throws Exception {
        int port = FreePorts.next();
        String addr = "127.0.0.1:" + port;
        Path conf = CometNode.writeConfig(work, "namesrv.properties", Map.of(
                "listenPort", String.valueOf(port), "bindAddress", "127.0.0.1",
                "kvConfigPath", work.resolve("kvConfig.json").toString()));
        try (CometNode namesrv = CometNode.startNamesrv(work.resolve("node"), conf, Duration.ofSeconds(60));
             BrokerRegistrar broker = new BrokerRegistrar(addr)) {
            broker.register("DefaultCluster", "broker-a", 0, "127.0.0.1:30911", "127.0.0.1:30912",
                    List.of(new Topic("OrdersV4", 4, 4, 6)));
            broker.register("DefaultCluster", "broker-b", 0, "127.0.0.1:31911", "127.0.0.1:31912",
                    List.of(new Topic("OrdersV4", 2, 2, 6)));

            DefaultMQProducer producer = new DefaultMQProducer("v4-route-check");
            producer.setNamesrvAddr(addr);
            producer.setInstanceName("v4-producer-" + System.nanoTime());
            producer.start();
            DefaultMQPullConsumer consumer = new DefaultMQPullConsumer("v4-route-check-c");
            consumer.setNamesrvAddr(addr);
            consumer.setInstanceName("v4-consumer-" + System.nanoTime());
            consumer.start();
            try {
                List<MessageQueue> write = producer.fetchPublishMessageQueues("OrdersV4");
                assertEquals(6, write.size(), "4 queues on broker-a and 2 on broker-b: " + write);
                Set<String> ids = write.stream().map(q -> q.getBrokerName() + ":" + q.getQueueId())
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(new TreeSet<>(Set.of("broker-a:0", "broker-a:1", "broker-a:2", "broker-a:3",
                        "broker-b:0", "broker-b:1")), ids);
                Set<MessageQueue> read = consumer.fetchSubscribeMessageQueues("OrdersV4");
                assertEquals(6, read.size());
                MQClientException e = assertThrows(MQClientException.class,
                        () -> consumer.fetchSubscribeMessageQueues("NoSuchTopicV4"));
                assertTrue(e.getMessage().contains("NoSuchTopicV4") || e.getResponseCode() == 17, e.getMessage());
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }
}
