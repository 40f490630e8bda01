package io.comet.broker.internal.consume.offset;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages handed to each group per topic, and the rate over about the last minute (the {@code consumeTps} of
 * consume statistics). {@link #add} is a striped counter increment; {@link #sample} (every 10 s) records the
 * totals; the rate is the growth since the oldest sample kept (at most {@value #SAMPLES} samples).
 */
public final class ConsumeTpsMeter {
    static final int SAMPLES = 7;

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    private static final class Counter {
        final LongAdder total = new LongAdder();
        final ArrayDeque<long[]> samples = new ArrayDeque<>();
    }

    /** Counts {@code messages} pulled by {@code group} from {@code topic}. */
    public void add(String group, String topic, int messages) {
        add(ConsumerOffsetTable.key(topic, group), messages);
    }

    /** Counts by {@link ConsumerOffsetTable#key}. */
    public void add(String key, int messages) {
        counters.computeIfAbsent(key, k -> new Counter()).total.add(messages);
    }

    /** Records every counter's total at {@code now}. */
    public void sample(long now) {
        for (Counter c : counters.values()) {
            synchronized (c) {
                c.samples.addLast(new long[] {now, c.total.sum()});
                while (c.samples.size() > SAMPLES) {
                    c.samples.removeFirst();
                }
            }
        }
    }

    /** Messages per second of {@code group} on {@code topic} since the oldest sample; 0 without samples. */
    public double tps(String group, String topic, long now) {
        Counter c = counters.get(ConsumerOffsetTable.key(topic, group));
        if (c == null) {
            return 0;
        }
        long[] oldest;
        synchronized (c) {
            oldest = c.samples.peekFirst();
        }
        if (oldest == null || now <= oldest[0]) {
            return 0;
        }
        return (c.total.sum() - oldest[1]) * 1000.0 / (now - oldest[0]);
    }
}
