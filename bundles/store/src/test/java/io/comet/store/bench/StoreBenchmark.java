package io.comet.store.bench;

import io.comet.store.StoreSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
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
    static final int[] SIZES = {128, 1024, 16 * 1024};

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
                    AppendLoad.Result r;
                    long entry;
                    try (CometTarget target = new CometTarget(dir, mode)) {
                        r = AppendLoad.run(target, size, threads, window, seconds);
                        entry = target.entryBytes(size);
                    }
                    double mbs = r.msgsPerSecond() * entry / 1e6;
                    System.out.printf("%-12s %7d %12.0f %9.1f %6.0f%% %10.0f %10.0f%n", mode, size, r.msgsPerSecond(), mbs,
                            100 * mbs / rawMbs, r.p50us(), r.p99us());
                    delete(dir);
                }
            }
        } finally {
            delete(root);
        }
    }

    /** Sequential 1 MiB writes with an fdatasync every 16 MiB, MB/s. */
    static double rawDisk(Path file, long bytes) throws IOException {
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

    static void delete(Path p) throws IOException {
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
