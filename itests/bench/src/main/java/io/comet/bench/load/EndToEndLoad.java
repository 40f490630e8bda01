package io.comet.bench.load;

import io.comet.bench.measure.Latencies;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * End-to-end latency at a fixed rate: producer and push consumer in this JVM, so both ends read the same
 * {@code System.nanoTime()} clock. Each measured message carries its <em>intended</em> send time (byte 0 = 1, then
 * 8 bytes of nanoTime); senders follow a fixed schedule and never skip a slot, so a stalled broker shows up as
 * latency rather than as fewer samples. Latency = arrival at the listener minus intended send time.
 *
 * <p>Before measuring, messages with byte 0 = 0 create the topic (two per queue); the consumer starts once the
 * NameServer routes all queues, the paced senders start once all of those arrived, and their first
 * {@code warmup} of sending is not measured either (byte 0 = 0).
 */
public final class EndToEndLoad {
    /**
     * Paced sync senders. Each must have ample slack (rate / SENDERS per second against a ~1-2 ms send): with only
     * a few senders running near capacity, one broker hiccup leaves a schedule lag that takes hundreds of
     * messages to work off, and the figure would measure the senders, not the broker.
     */
    private static final int SENDERS = 16;

    private EndToEndLoad() {}

    /** Latencies of the measured messages that arrived, how many were sent, how many never arrived in 30 s after
     *  the last send, and how many sends failed. */
    public record EndToEndStats(Latencies latencies, long sent, long lost, long failedSends) {
    }

    public static EndToEndStats run(DefaultMQProducer producer, String namesrvAddr, String topic, int queues,
                                    int rate, Duration warmup, Duration measure, int bodySize) throws Exception {
        if (rate <= 0 || bodySize < 9) {
            throw new IllegalArgumentException("end-to-end rate must be > 0 and body >= 9 bytes, were " + rate
                    + ", " + bodySize);
        }
        Clients.createTopic(producer, topic, queues, Duration.ofSeconds(60));
        for (int i = 0; i < queues * 2; i++) {
            producer.send(new Message(topic, new byte[bodySize]));
        }

        Latencies latencies = new Latencies();
        AtomicLong arrived = new AtomicLong();
        CountDownLatch warmedUp = new CountDownLatch(queues * 2);
        DefaultMQPushConsumer consumer = Clients.pushConsumer(namesrvAddr, topic);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            long now = System.nanoTime();
            for (MessageExt m : msgs) {
                ByteBuffer b = ByteBuffer.wrap(m.getBody());
                if (b.get() == 1) {
                    synchronized (latencies) {
                        latencies.record(Math.max(0, now - b.getLong()));
                    }
                    arrived.incrementAndGet();
                } else {
                    warmedUp.countDown();
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            if (!warmedUp.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("push consumer of " + topic + " did not receive the " + queues * 2
                        + " topic-creating messages in 60 s");
            }
            long perSender = Math.max(1, rate * (warmup.toMillis() + measure.toMillis()) / 1000 / SENDERS);
            long interval = 1_000_000_000L * SENDERS / rate;
            AtomicLong failed = new AtomicLong();
            AtomicLong measuredSent = new AtomicLong();
            long start = System.nanoTime() + 10_000_000L;
            long measureFrom = start + warmup.toNanos();
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                long offset = start + s * (interval / SENDERS);
                Thread t = new Thread(() -> paced(producer, topic, bodySize, offset, interval, perSender,
                        measureFrom, measuredSent, failed),
                        "bench-e2e-" + s);
                t.setDaemon(true);
                senders.add(t);
                t.start();
            }
            for (Thread t : senders) {
                t.join(warmup.toMillis() + measure.toMillis() + 60_000);
                if (t.isAlive()) {
                    throw new IllegalStateException("end-to-end sender " + t.getName() + " did not finish in time");
                }
            }
            long sent = measuredSent.get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (arrived.get() < sent && System.nanoTime() < deadline) {
                Clients.sleep(20);
            }
            synchronized (latencies) {
                return new EndToEndStats(latencies, sent, Math.max(0, sent - arrived.get()), failed.get());
            }
        } finally {
            consumer.shutdown();
        }
    }

    private static void paced(DefaultMQProducer producer, String topic, int bodySize, long first, long interval,
                              long count, long measureFrom, AtomicLong measuredSent, AtomicLong failed) {
        byte[] body = new byte[bodySize];
        for (long i = 0; i < count; i++) {
            long intended = first + i * interval;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = intended >= measureFrom;
            ByteBuffer.wrap(body).put((byte) (measured ? 1 : 0)).putLong(intended);
            try {
                producer.send(new Message(topic, body.clone()));
                if (measured) {
                    measuredSent.incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
    }
}
