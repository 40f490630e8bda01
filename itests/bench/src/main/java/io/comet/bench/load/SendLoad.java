package io.comet.bench.load;

import io.comet.bench.measure.Latencies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Synchronous sends from N threads sharing one producer. {@link #timed} sends for a warm-up and then a measured
 * window: a message counts when it was sent and acknowledged inside the window. {@link #count} sends exactly a
 * given number of messages (to build a backlog). Bodies are random bytes of a fixed size, one array per thread.
 */
public final class SendLoad {
    private final DefaultMQProducer producer;
    private final String topic;
    private final int threads;
    private final int bodySize;

    public SendLoad(DefaultMQProducer producer, String topic, int threads, int bodySize) {
        if (threads <= 0 || bodySize <= 0) {
            throw new IllegalArgumentException("threads and body size must be > 0, were " + threads + ", " + bodySize);
        }
        this.producer = producer;
        this.topic = topic;
        this.threads = threads;
        this.bodySize = bodySize;
    }

    /** Sends for {@code warmup + measure}; figures cover the measured window only (CPU aside, see SendStats). */
    public SendStats timed(Duration warmup, Duration measure) throws InterruptedException {
        long start = System.nanoTime();
        long from = start + warmup.toNanos();
        long to = from + measure.toNanos();
        return run(from, to, new AtomicLong(Long.MAX_VALUE), to, (to - from) / 1e9);
    }

    /** Sends {@code messages} messages as fast as the threads can, all measured; gives up after {@code limit}. */
    public SendStats count(long messages, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        SendStats s = run(start, Long.MAX_VALUE, new AtomicLong(messages), start + limit.toNanos(), 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SendStats(s.measured(), seconds, s.latencies(), s.total(), s.failures(), s.queuesUsed(), bodySize,
                s.firstFailure());
    }

    private SendStats run(long from, long to, AtomicLong budget, long stopAt, double seconds)
            throws InterruptedException {
        List<Latencies> parts = new ArrayList<>();
        AtomicLong measured = new AtomicLong();
        AtomicLong total = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Set<Integer> queues = ConcurrentHashMap.newKeySet();
        AtomicReference<String> firstFailure = new AtomicReference<>("");
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Latencies mine = new Latencies();
            parts.add(mine);
            Thread w = new Thread(() -> sendLoop(from, to, stopAt, budget, mine, measured, total, failures, queues,
                    firstFailure),
                    "bench-send-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        long joinDeadline = stopAt + Duration.ofSeconds(30).toNanos();
        for (Thread w : workers) {
            long left = Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000);
            w.join(left);
            if (w.isAlive()) {
                throw new IllegalStateException("send thread " + w.getName() + " still busy 30 s after the window"
                        + " ended (a send is stuck beyond its 10 s timeout)");
            }
        }
        return new SendStats(measured.get(), seconds, Latencies.merge(parts), total.get(), failures.get(),
                queues.size(), bodySize, firstFailure.get());
    }

    private void sendLoop(long from, long to, long stopAt, AtomicLong budget, Latencies mine, AtomicLong measured,
                          AtomicLong total, AtomicLong failures, Set<Integer> queues,
                          AtomicReference<String> firstFailure) {
        byte[] body = new byte[bodySize];
        ThreadLocalRandom.current().nextBytes(body);
        while (System.nanoTime() < stopAt && budget.getAndDecrement() > 0) {
            long t0 = System.nanoTime();
            String failure = null;
            try {
                SendResult r = producer.send(new Message(topic, body));
                if (r.getSendStatus() != SendStatus.SEND_OK) {
                    failure = "send status " + r.getSendStatus();
                }
                queues.add(r.getMessageQueue().getQueueId());
            } catch (Exception e) {
                failure = e.toString();
            }
            boolean ok = failure == null;
            long t1 = System.nanoTime();
            total.incrementAndGet();
            if (!ok) {
                failures.incrementAndGet();
                firstFailure.compareAndSet("", failure.length() > 200 ? failure.substring(0, 200) : failure);
                Clients.sleep(10);
            } else if (t0 >= from && t1 <= to) {
                measured.incrementAndGet();
                mine.record(t1 - t0);
            }
        }
    }
}
