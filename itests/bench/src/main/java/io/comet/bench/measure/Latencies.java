package io.comet.bench.measure;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, recorded by one thread each ({@link #record} is not synchronized) and merged with
 * {@link #merge} after the threads stop. Percentiles are exact (nearest rank over the sorted samples), not
 * approximated by buckets: a run of a few million samples costs a few tens of megabytes, which a benchmark can pay.
 */
public final class Latencies {
    private long[] samples = new long[1 << 14];
    private int size;

    /** Adds one sample; negative values are refused because they mean a clock was misread. */
    public void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative latency " + nanos + " ns");
        }
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[size++] = nanos;
    }

    public int count() {
        return size;
    }

    /** A new instance holding the samples of all {@code parts}. */
    public static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies p : parts) {
            for (int i = 0; i < p.size; i++) {
                all.record(p.samples[i]);
            }
        }
        return all;
    }

    /**
     * The nearest-rank percentile in milliseconds: the smallest sample such that at least {@code pct} percent of
     * the samples are less or equal. {@code NaN} when there are no samples.
     */
    public double percentileMillis(double pct) {
        if (pct <= 0 || pct > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + pct);
        }
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        // the epsilon keeps 99.9 % of 1000 at rank 999: in binary floating point 99.9 * 1000 / 100 is 999.0000000000001
        int rank = (int) Math.ceil(pct * size / 100.0 - 1e-9);
        return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
    }
}
