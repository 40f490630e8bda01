package io.comet.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;

/**
 * Drains a backlog with one push consumer (client defaults: 20 consume threads, pull batches of 32) from the
 * first offset of a fresh group, and times from {@code start()} until the last expected message was handed to the
 * listener. The rate is expected messages over that time, rebalance included, as a user restarting a consumer
 * behind a backlog would see it. The time from the first message handed to the listener to the last is kept too
 * ({@link DrainStats#flowingSeconds()}): the 5.x client's first rebalance comes at least a second after
 * {@code start()} whatever the broker does ({@code RebalanceService}'s minimum interval), and that second is a large
 * part of a 2-3 s drain; the rate while messages flow is what the broker and the client's consumption make of it.
 */
public final class DrainLoad {
    private DrainLoad() {}

    /** What a drain measured: messages received (duplicates included) and the seconds it took. */
    public record DrainStats(long expected, long received, double seconds, double flowingSeconds, boolean complete) {
        public double messagesPerSecond() {
            return received / seconds;
        }

        /** Messages after the first over the time from the first to the last delivery. */
        public double flowingMessagesPerSecond() {
            return flowingSeconds > 0 ? (received - 1) / flowingSeconds : 0;
        }
    }

    public static DrainStats run(String namesrvAddr, String topic, long expected, Duration timeout)
            throws Exception {
        if (expected <= 0) {
            throw new IllegalArgumentException("backlog to drain must be > 0 messages, was " + expected);
        }
        AtomicLong received = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        DefaultMQPushConsumer consumer = Clients.pushConsumer(namesrvAddr, topic);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            long now = System.nanoTime();
            firstAt.compareAndSet(0, now);
            if (received.addAndGet(msgs.size()) >= expected) {
                lastAt.compareAndSet(0, now);
                done.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long start = System.nanoTime();
        consumer.start();
        try {
            boolean complete = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            double flowing = complete ? (lastAt.get() - firstAt.get()) / 1e9 : 0;
            return new DrainStats(expected, received.get(), seconds, flowing, complete);
        } finally {
            consumer.shutdown();
        }
    }
}
