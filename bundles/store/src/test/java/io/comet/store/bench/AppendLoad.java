package io.comet.store.bench;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives a store with appends for a fixed time: {@code threads} producers, each keeping up to {@code window}
 * appends outstanding, one queue per producer. Latency is from the call to the completion of its future; only
 * successful appends completed inside the measuring window count. Shared by the benchmarks.
 */
public final class AppendLoad {
    /** What is measured: one store, its appends and its entry size. */
    public interface Target extends AutoCloseable {
        /** Appends {@code body} to queue {@code queueId}; the future says whether the store answered OK. */
        CompletableFuture<Boolean> append(int queueId, byte[] body);

        @Override
        void close() throws Exception;
    }

    /** Outcome of one run. */
    public record Result(double msgsPerSecond, double p50us, double p99us) {}

    private AppendLoad() {}

    public static Result run(Target target, int size, int threads, int window, int seconds) throws Exception {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        long[][] latencies = new long[threads][4_000_000];
        int[] counts = new int[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int tt = t;
            ts[t] = new Thread(() -> {
                Semaphore outstanding = new Semaphore(window);
                long[] lat = latencies[tt];
                while (!stop.get()) {
                    outstanding.acquireUninterruptibly();
                    long start = System.nanoTime();
                    boolean counted = measuring.get();
                    target.append(tt, body).whenComplete((ok, e) -> {
                        outstanding.release();
                        if (counted && e == null && ok) {
                            synchronized (lat) {
                                int n = counts[tt];
                                if (n < lat.length) {
                                    lat[n] = System.nanoTime() - start;
                                    counts[tt] = n + 1;
                                }
                            }
                        }
                    });
                }
                outstanding.acquireUninterruptibly(window);
            }, "bench-" + t);
            ts[t].start();
        }
        Thread.sleep(500);
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        measuring.set(false);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        for (Thread t : ts) {
            t.join(60_000);
        }
        int total = 0;
        for (int t = 0; t < threads; t++) {
            synchronized (latencies[t]) {
                total += counts[t];
            }
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            synchronized (latencies[t]) {
                System.arraycopy(latencies[t], 0, all, at, counts[t]);
                at += counts[t];
            }
        }
        Arrays.sort(all);
        double p50 = total == 0 ? 0 : all[total / 2] / 1e3;
        double p99 = total == 0 ? 0 : all[(int) (total * 0.99)] / 1e3;
        return new Result(total / (elapsed / 1e9), p50, p99);
    }
}
