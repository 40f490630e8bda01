package io.comet.ha.internal;

import io.comet.common.MessageRecord;
import io.comet.ha.HaRole;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Async vs sync replication on loopback: a master and a slave store in one JVM, appends through the store and the
 * {@link io.comet.ha.ReplicationGate} as the broker combines them, page-cache flush (so the difference is the
 * replication). Prints throughput and latency percentiles of append+replication per mode. Not a test (surefire does
 * not run it):
 * <pre>
 * mvn -q -o -pl bundles/ha test-compile
 * java -cp "bundles/ha/target/test-classes:bundles/ha/target/classes:$(cat cp.txt)" \
 *     io.comet.ha.internal.HaBenchmark [seconds=5] [bodyBytes=1024] [inFlight=256]
 * </pre>
 */
public final class HaBenchmark {
    private HaBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int bodyBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        System.out.printf("loopback master+slave, %d s per mode, %d-byte bodies, %d sends in flight%n", seconds,
                bodyBytes, inFlight);
        System.out.printf("%-13s %10s %8s %9s %9s %9s%n", "mode", "msgs/s", "MB/s", "p50 us", "p99 us", "max us");
        for (HaRole role : new HaRole[] {HaRole.ASYNC_MASTER, HaRole.SYNC_MASTER, HaRole.ASYNC_MASTER,
                HaRole.SYNC_MASTER}) {
            run(role, seconds, bodyBytes, inFlight);
        }
    }

    private static void run(HaRole role, int seconds, int bodyBytes, int inFlight) throws Exception {
        Path root = Files.createTempDirectory("ha-bench");
        DefaultMessageStore master = open(root.resolve("master"));
        DefaultMessageStore slave = open(root.resolve("slave"));
        DefaultHaService mha = new DefaultHaService(master, settings(role, 0, null), "127.0.0.1");
        DefaultHaService sha = new DefaultHaService(slave,
                settings(HaRole.SLAVE, 0, "127.0.0.1:" + mha.listenAddress().getPort()), null);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (mha.haStatus().slaves().isEmpty() || mha.haStatus().slaves().get(0).ackedOffset() < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the slave did not connect");
                }
                Thread.sleep(5);
            }
            byte[] body = new byte[bodyBytes];
            Arrays.fill(body, (byte) 'b');
            MessageRecord m = new MessageRecord("Bench", 0, 0, body, "", 0, System.currentTimeMillis(),
                    new InetSocketAddress("127.0.0.1", 5555), new InetSocketAddress("127.0.0.1", 10911), 0, 0);
            Semaphore window = new Semaphore(inFlight);
            AtomicLong failed = new AtomicLong();
            long[] latencies = new long[5_000_000];
            AtomicLong count = new AtomicLong();
            long warmEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
            long measuredFrom = -1;
            while (true) {
                long now = System.nanoTime();
                if (now > end) {
                    break;
                }
                if (measuredFrom < 0 && now > warmEnd) {
                    measuredFrom = now;
                    count.set(0);
                }
                window.acquire();
                long t0 = System.nanoTime();
                boolean measure = measuredFrom >= 0;
                CompletableFuture<PutStatus> f = master.putMessage(m).thenCompose(r -> r.status().isStored()
                        ? mha.awaitReplicated(r.nextOffset()) : CompletableFuture.completedFuture(r.status()));
                f.whenComplete((s, e) -> {
                    if (s != PutStatus.PUT_OK) {
                        failed.incrementAndGet();
                    }
                    if (measure) {
                        long i = count.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[(int) i] = System.nanoTime() - t0;
                        }
                    }
                    window.release();
                });
            }
            window.acquire(inFlight);
            long n = count.get();
            double secs = (System.nanoTime() - measuredFrom) / 1e9;
            long[] l = Arrays.copyOf(latencies, (int) Math.min(n, latencies.length));
            Arrays.sort(l);
            int size = master.putMessage(m).get().wroteBytes();
            System.out.printf("%-13s %10.0f %8.1f %9d %9d %9d%s%n", role, n / secs, n * size / secs / 1e6,
                    l[l.length / 2] / 1000, l[(int) (l.length * 0.99)] / 1000, l[l.length - 1] / 1000,
                    failed.get() > 0 ? "  (" + failed.get() + " not PUT_OK)" : "");
        } finally {
            sha.close();
            mha.close();
            slave.close();
            master.close();
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static HaSettings settings(HaRole role, int port, String master) {
        return new HaSettings(role, port, master, 5000, 20_000, 32 * 1024, 256L << 20, 3000, 1);
    }

    private static DefaultMessageStore open(Path dir) {
        DefaultMessageStore st = DefaultMessageStore.open(StoreSettings.builder().storePathRootDir(dir)
                .mappedFileSizeCommitLog(256 << 20).build());
        st.useFlushPolicy(new Node.Immediate(), StoreSettings.ASYNC_FLUSH);
        return st;
    }

}
