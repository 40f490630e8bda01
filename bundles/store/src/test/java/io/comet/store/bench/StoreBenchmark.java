package io.comet.store.bench;

import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.store.FlushPolicy;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import io.comet.store.internal.TestPolicies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Append throughput and latency of the store for 128 B, 1 KiB and 16 KiB bodies under ASYNC_FLUSH (interval
 * flush, 500 ms) and SYNC_FLUSH (group commit), next to the raw disk limit measured in the same run (sequential
 * 1 MiB writes with an fdatasync every 16 MiB). Producers keep a window of outstanding appends; latency is from
 * the call to the completion of its future. Not a unit test (surefire does not run it).
 *
 * <p>Run (from the repository root; works offline):
 * <pre>
 * mvn -B -q -o -pl bundles/store test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp bundles/store/target/classes:bundles/store/target/test-classes:$(cat bundles/store/target/test-classpath.txt) \
 *     [-Dbench.seconds=3] [-Dbench.threads=2] [-Dbench.window=256] [-Dbench.dir=/folder/on/the/disk/to/test] \
 *     io.comet.store.bench.StoreBenchmark
 * </pre>
 */
public final class StoreBenchmark {
    private static final int[] SIZES = {128, 1024, 16 * 1024};

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 3);
        int threads = Integer.getInteger("bench.threads", 2);
        int window = Integer.getInteger("bench.window", 256);
        Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        Path root = Files.createTempDirectory(base, "comet-bench");
        try {
            double rawMbs = rawDisk(root.resolve("raw"), 512L << 20);
            System.out.printf("raw disk: sequential 1 MiB writes + fdatasync every 16 MiB: %.0f MB/s%n", rawMbs);
            System.out.printf("%-12s %7s %12s %9s %7s %10s %10s%n", "mode", "body", "msgs/s", "MB/s", "of raw", "p50 us", "p99 us");
            for (String mode : new String[] {StoreSettings.ASYNC_FLUSH, StoreSettings.SYNC_FLUSH}) {
                for (int size : SIZES) {
                    Path dir = root.resolve(mode + "-" + size);
                    Result r = run(dir, mode, size, threads, window, seconds);
                    double mbs = r.msgsPerSecond * r.entryBytes / 1e6;
                    System.out.printf("%-12s %7d %12.0f %9.1f %6.0f%% %10.0f %10.0f%n", mode, size, r.msgsPerSecond, mbs,
                            100 * mbs / rawMbs, r.p50us, r.p99us);
                    delete(dir);
                }
            }
        } finally {
            delete(root);
        }
    }

    private record Result(double msgsPerSecond, double entryBytes, double p50us, double p99us) {}

    private static Result run(Path dir, String mode, int size, int threads, int window, int seconds) throws Exception {
        StoreSettings s = StoreSettings.builder().storePathRootDir(dir).mappedFileSizeCommitLog(256 << 20)
                .maxHashSlotNum(500_000).maxIndexNum(2_000_000).flushDiskType(mode).build();
        DefaultMessageStore st = DefaultMessageStore.open(s);
        FlushPolicy policy = mode.equals(StoreSettings.SYNC_FLUSH) ? new TestPolicies.GroupCommit() : new TestPolicies.Interval(500);
        st.useFlushPolicy(policy, mode);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
        String props = MessageProperties.TAGS + "\u0001TagA\u0002";
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int tt = t;
            latencies[t] = new long[4_000_000];
            ts[t] = new Thread(() -> {
                Semaphore outstanding = new Semaphore(window);
                long[] lat = latencies[tt];
                while (!stop.get()) {
                    outstanding.acquireUninterruptibly();
                    MessageRecord m = new MessageRecord("BenchTopic", tt, 0, body, props, 0, System.currentTimeMillis(),
                            host, host, 0, 0);
                    long start = System.nanoTime();
                    boolean counted = measuring.get();
                    st.putMessage(m).whenComplete((r, e) -> {
                        outstanding.release();
                        if (counted && e == null && r.status() == PutStatus.PUT_OK) {
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
            t.join(30_000);
        }
        long entry = st.putMessage(new MessageRecord("BenchTopic", 0, 0, body, props, 0, 0, host, host, 0, 0))
                .get(10, TimeUnit.SECONDS).wroteBytes();
        st.close();
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        double p50 = total == 0 ? 0 : all[total / 2] / 1e3;
        double p99 = total == 0 ? 0 : all[(int) (total * 0.99)] / 1e3;
        return new Result(total / (elapsed / 1e9), entry, p50, p99);
    }

    private static double rawDisk(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        while (chunk.hasRemaining()) {
            chunk.put((byte) 7);
        }
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long done = 0; done < bytes; done += 1 << 20) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
                if ((done + (1 << 20)) % (16 << 20) == 0) {
                    ch.force(false);
                }
            }
            ch.force(false);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Files.delete(file);
        return bytes / secs / 1e6;
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
