package io.comet.bench.load;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * The official rocketmq-client 5.3.1, configured the same way for both systems: defaults except a unique group
 * and instance name per use, no VIP channel, no body compression (so 16 KiB bodies measure the broker, not zlib)
 * and the benchmark's queue count for auto-created topics.
 */
public final class Clients {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Clients() {}

    /** A unique name with the given prefix, valid as a group, topic or instance name. */
    public static String unique(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    }

    /** A started producer. */
    public static DefaultMQProducer producer(String namesrvAddr, int queues) throws MQClientException {
        DefaultMQProducer p = new DefaultMQProducer(unique("bench_producer"));
        p.setNamesrvAddr(namesrvAddr);
        p.setInstanceName(unique("bench_p"));
        p.setVipChannelEnabled(false);
        p.setSendMsgTimeout(10_000);
        p.setDefaultTopicQueueNums(queues);
        p.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        p.start();
        return p;
    }

    /** A push consumer of {@code topic} from its first offset, not started. */
    public static DefaultMQPushConsumer pushConsumer(String namesrvAddr, String topic) throws MQClientException {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(unique("bench_consumer"));
        c.setNamesrvAddr(namesrvAddr);
        c.setInstanceName(unique("bench_c"));
        c.setVipChannelEnabled(false);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        return c;
    }

    /**
     * Waits until the NameServer routes {@code topic} to at least {@code queues} writable queues, so a consumer
     * started next sees all of them in its first rebalance.
     *
     * @throws IllegalStateException naming the topic and the count seen if the route does not come in time
     */
    public static void awaitRoute(DefaultMQProducer producer, String topic, int queues, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            try {
                Set<MessageQueue> mqs = Set.copyOf(producer.fetchPublishMessageQueues(topic));
                seen = mqs.size();
                if (seen >= queues) {
                    return;
                }
            } catch (MQClientException e) {
                // the broker has not registered the topic with the NameServer yet
            }
            sleep(100);
        }
        throw new IllegalStateException("topic " + topic + " has " + seen + " routed queues after " + timeout
                + ", expected " + queues);
    }

    /**
     * Creates {@code topic} the way a user of {@code autoCreateTopicEnable} does - by sending to it - retrying
     * until one message is acknowledged SEND_OK, then waits until the NameServer routes all {@code queues}. Load
     * phases start after this, so they measure a topic that exists rather than the first route look-ups.
     *
     * @return the number of messages stored on the topic by this call (1)
     * @throws IllegalStateException naming the topic and the last error if it cannot be created in time
     */
    public static int createTopic(DefaultMQProducer producer, String topic, int queues, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            try {
                SendResult r = producer.send(new Message(topic, new byte[16]));
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    awaitRoute(producer, topic, queues, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    return 1;
                }
                last = "send status " + r.getSendStatus();
            } catch (Exception e) {
                last = e.toString();
            }
            sleep(200);
        }
        throw new IllegalStateException("could not create topic " + topic + " within " + timeout + ": " + last);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
