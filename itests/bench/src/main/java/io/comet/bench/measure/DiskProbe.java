package io.comet.bench.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The raw limits of the disk under the benchmark's temp folder, measured in the same run so each broker figure can
 * be read as a fraction of them:
 * <ul>
 *   <li>{@link #sequentialWriteMBps}: buffered sequential writes of 1 MiB, then one {@code fdatasync}
 *       ({@code FileChannel.force(false)}), timed together - the best case of an ASYNC_FLUSH commit log;</li>
 *   <li>{@link #dsyncWritesPerSecond}: 4 KiB appends through a channel opened with {@code O_DSYNC}, each one
 *       durable before the next starts - the floor of a SYNC_FLUSH broker that cannot batch.</li>
 * </ul>
 * Both write into a file in {@code dir} and delete it afterwards.
 */
public final class DiskProbe {
    private static final int MIB = 1 << 20;
    private final Path dir;

    public DiskProbe(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code mib} MiB and forces them; returns MB/s (10^6 bytes per second). */
    public double sequentialWriteMBps(int mib) throws IOException {
        if (mib <= 0) {
            throw new IllegalArgumentException("sequential write size must be > 0 MiB, was " + mib);
        }
        Path file = Files.createTempFile(dir, "disk-seq", ".bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = randomBuffer(MIB);
            long start = System.nanoTime();
            for (int i = 0; i < mib; i++) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
            }
            ch.force(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            return (double) mib * MIB / 1e6 / seconds;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Appends 4 KiB blocks with O_DSYNC for {@code millis} ms; returns writes per second. */
    public double dsyncWritesPerSecond(long millis) throws IOException {
        if (millis <= 0) {
            throw new IllegalArgumentException("dsync probe duration must be > 0 ms, was " + millis);
        }
        Path file = Files.createTempFile(dir, "disk-dsync", ".bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            ByteBuffer block = randomBuffer(4096);
            long start = System.nanoTime();
            long deadline = start + millis * 1_000_000L;
            long writes = 0;
            long now;
            do {
                block.clear();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                writes++;
                now = System.nanoTime();
            } while (now < deadline);
            return writes / ((now - start) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static ByteBuffer randomBuffer(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
