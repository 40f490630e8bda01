package io.comet.store.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExtBrokerInner;
import org.apache.rocketmq.store.DefaultMessageStore;
import org.apache.rocketmq.store.PutMessageStatus;
import org.apache.rocketmq.store.config.FlushDiskType;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.apache.rocketmq.store.stats.BrokerStatsManager;

/**
 * Comet's store next to Apache RocketMQ 5.3.1's {@code DefaultMessageStore}, same load ({@link AppendLoad}), same
 * machine, same run: append throughput and latency for 128 B, 1 KiB and 16 KiB in both flush modes, and the ratio.
 * Both use 256 MiB commit-log files and the same index sizes. Only compiled with the {@code bench-rocketmq}
 * profile (it needs rocketmq-store from Maven Central):
 * <pre>
 * mvn -B -q -pl bundles/store -Pbench-rocketmq test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * cd bundles/store && java -cp target/classes:target/test-classes:$(cat target/test-classpath.txt) \
 *     -Dbench.seconds=3 -Dbench.dir=target [-Dbench.modes=SYNC_FLUSH] [-Dbench.sizes=1024] \
 *     io.comet.store.bench.RocketMqComparison
 * </pre>
 */
public final class RocketMqComparison {
    private RocketMqComparison() {}

    /** RocketMQ's store as a benchmark target. */
    static final class RocketMqTarget implements AppendLoad.Target {
        private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
        private final DefaultMessageStore store;

        RocketMqTarget(Path dir, String flushDiskType) throws Exception {
            MessageStoreConfig c = new MessageStoreConfig();
            c.setStorePathRootDir(dir.toString());
            c.setStorePathCommitLog(dir.resolve("commitlog").toString());
            c.setMappedFileSizeCommitLog(256 << 20);
            c.setMaxHashSlotNum(500_000);
            c.setMaxIndexNum(2_000_000);
            c.setFlushDiskType(FlushDiskType.valueOf(flushDiskType));
            BrokerConfig b = new BrokerConfig();
            store = new DefaultMessageStore(c, new BrokerStatsManager("bench", true), null, b, new ConcurrentHashMap<>());
            if (!store.load()) {
                throw new IllegalStateException("RocketMQ store did not load " + dir);
            }
            store.start();
        }

        @Override
        public CompletableFuture<Boolean> append(int queueId, byte[] body) {
            MessageExtBrokerInner m = new MessageExtBrokerInner();
            m.setTopic("BenchTopic");
            m.setQueueId(queueId);
            m.setBody(body);
            m.setTags("TagA");
            m.setTagsCode(MessageExtBrokerInner.tagsString2tagsCode(m.getTags()));
            m.setBornTimestamp(System.currentTimeMillis());
            m.setBornHost(HOST);
            m.setStoreHost(HOST);
            m.setPropertiesString(MessageDecoder.messageProperties2String(m.getProperties()));
            return store.asyncPutMessage(m).thenApply(r -> r.getPutMessageStatus() == PutMessageStatus.PUT_OK);
        }

        @Override
        public void close() {
            store.shutdown();
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 3);
        int threads = Integer.getInteger("bench.threads", 2);
        int window = Integer.getInteger("bench.window", 256);
        Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        Path root = Files.createTempDirectory(base, "comet-vs-rocketmq");
        try {
            System.out.printf("raw disk: %.0f MB/s%n", StoreBenchmark.rawDisk(root.resolve("raw"), 512L << 20));
            System.out.printf("%-12s %6s | %10s %8s %8s | %10s %8s %8s | %6s%n", "mode", "body", "comet/s", "p50us",
                    "p99us", "rocketmq/s", "p50us", "p99us", "ratio");
            String[] modes = System.getProperty("bench.modes", "ASYNC_FLUSH,SYNC_FLUSH").split(",");
            int[] sizes = java.util.Arrays.stream(System.getProperty("bench.sizes", "128,1024,16384").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            for (String mode : modes) {
                for (int size : sizes) {
                    AppendLoad.Result comet;
                    try (CometTarget t = new CometTarget(root.resolve("c-" + mode + size), mode)) {
                        comet = AppendLoad.run(t, size, threads, window, seconds);
                    }
                    StoreBenchmark.delete(root.resolve("c-" + mode + size));
                    AppendLoad.Result rmq;
                    try (RocketMqTarget t = new RocketMqTarget(root.resolve("r-" + mode + size), mode)) {
                        rmq = AppendLoad.run(t, size, threads, window, seconds);
                    }
                    StoreBenchmark.delete(root.resolve("r-" + mode + size));
                    System.out.printf("%-12s %6d | %10.0f %8.0f %8.0f | %10.0f %8.0f %8.0f | %5.2fx%n", mode, size,
                            comet.msgsPerSecond(), comet.p50us(), comet.p99us(), rmq.msgsPerSecond(), rmq.p50us(),
                            rmq.p99us(), comet.msgsPerSecond() / rmq.msgsPerSecond());
                }
            }
        } finally {
            StoreBenchmark.delete(root);
        }
    }
}
