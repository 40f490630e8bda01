package io.comet.broker.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.LongAdder;

/**
 * Message counters for GET_BROKER_RUNTIME_INFO and the status source: messages put and got (the consuming side
 * counts gets), per-second samples for TPS over 10 s, 60 s and 600 s, and day marks for the
 * {@code msgPutTotal*}/{@code msgGetTotal*} keys. Counting is a {@link LongAdder} increment: no lock on the send
 * path. {@link #sample} runs once a second on the broker's scheduler.
 */
public final class BrokerStats {
    private static final int WINDOW = 601;

    private final LongAdder puts = new LongAdder();
    private final LongAdder putBytes = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final long[] putSamples = new long[WINDOW];
    private final long[] getSamples = new long[WINDOW];
    private final long[] sampleTimes = new long[WINDOW];
    private int samples;
    private long putYesterdayMorning;
    private long putTodayMorning;
    private long getYesterdayMorning;
    private long getTodayMorning;
    private LocalDate today;

    /** Counts {@code messages} stored ({@code bytes} of bodies). */
    public void onPut(int messages, long bytes) {
        puts.add(messages);
        putBytes.add(bytes);
    }

    /** Counts {@code messages} delivered to consumers. */
    public void onGet(int messages) {
        gets.add(messages);
    }

    public long putTotal() {
        return puts.sum();
    }

    public long putBytesTotal() {
        return putBytes.sum();
    }

    public long getTotal() {
        return gets.sum();
    }

    /** Takes a sample; rolls the day marks over at local midnight. */
    public synchronized void sample(long nowMillis) {
        int i = samples % WINDOW;
        putSamples[i] = puts.sum();
        getSamples[i] = gets.sum();
        sampleTimes[i] = nowMillis;
        samples++;
        LocalDate day = Instant.ofEpochMilli(nowMillis).atZone(ZoneId.systemDefault()).toLocalDate();
        if (today == null) {
            today = day;
        } else if (!day.equals(today)) {
            boolean consecutive = day.equals(today.plusDays(1));
            putYesterdayMorning = consecutive ? putTodayMorning : putSamples[i];
            getYesterdayMorning = consecutive ? getTodayMorning : getSamples[i];
            putTodayMorning = putSamples[i];
            getTodayMorning = getSamples[i];
            today = day;
        }
    }

    /** RocketMQ's TPS text: average rates over the last 10, 60 and 600 seconds, "x.xx y.yy z.zz". */
    public synchronized String putTps() {
        return tps(putSamples);
    }

    public synchronized String getTps() {
        return tps(getSamples);
    }

    public synchronized long putTotalYesterdayMorning() { return putYesterdayMorning; }

    public synchronized long putTotalTodayMorning() { return putTodayMorning; }

    public synchronized long getTotalYesterdayMorning() { return getYesterdayMorning; }

    public synchronized long getTotalTodayMorning() { return getTodayMorning; }

    private String tps(long[] values) {
        return String.format(java.util.Locale.ROOT, "%.2f %.2f %.2f", rate(values, 10), rate(values, 60),
                rate(values, 600));
    }

    private double rate(long[] values, int seconds) {
        if (samples < 2) {
            return 0;
        }
        int last = (samples - 1) % WINDOW;
        int back = Math.min(seconds, Math.min(samples - 1, WINDOW - 1));
        int first = (samples - 1 - back) % WINDOW;
        long dt = sampleTimes[last] - sampleTimes[first];
        return dt <= 0 ? 0 : (values[last] - values[first]) * 1000.0 / dt;
    }
}
