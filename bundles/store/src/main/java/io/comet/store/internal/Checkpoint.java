package io.comet.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code checkpoint} file: 4 KiB, memory mapped, big-endian, rewritten every {@code flushIntervalConsumeQueue}
 * and at shutdown.
 *
 * <pre>
 *  offset field
 *   0     physicMsgTimestamp   store time of the newest commit-log message known flushed
 *   8     logicsMsgTimestamp   store time of the newest message whose consume-queue unit is flushed
 *  16     indexMsgTimestamp    store time of the newest message whose index items are flushed
 *  24     masterFlushedOffset  (5.x) flushed offset reported by the master; kept for replication
 *  32     confirmPhyOffset     (5.x) the confirm offset, when replication set one
 *  40     dispatchedPhyOffset  Comet: commit-log offset up to which consume queues and index are flushed
 *                              (RocketMQ ignores bytes past 40)
 * </pre>
 *
 * The "safe" time for crash recovery is min(physic, logics, index) - 3 s (0 when any is unset).
 */
final class Checkpoint {
    static final int SIZE = 4096;

    private final FileChannel channel;
    private final MappedByteBuffer buf;

    private Checkpoint(FileChannel channel, MappedByteBuffer buf) {
        this.channel = channel;
        this.buf = buf;
    }

    static Checkpoint open(Path path) {
        try {
            Files.createDirectories(path.getParent());
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new Checkpoint(ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open checkpoint " + path, e);
        }
    }

    long physicMsgTimestamp() { return buf.getLong(0); }
    long logicsMsgTimestamp() { return buf.getLong(8); }
    long indexMsgTimestamp() { return buf.getLong(16); }
    long masterFlushedOffset() { return buf.getLong(24); }
    long confirmPhyOffset() { return buf.getLong(32); }
    long dispatchedPhyOffset() { return buf.getLong(40); }

    void physicMsgTimestamp(long v) { buf.putLong(0, v); }
    void logicsMsgTimestamp(long v) { buf.putLong(8, v); }
    void indexMsgTimestamp(long v) { buf.putLong(16, v); }
    void masterFlushedOffset(long v) { buf.putLong(24, v); }
    void confirmPhyOffset(long v) { buf.putLong(32, v); }
    void dispatchedPhyOffset(long v) { buf.putLong(40, v); }

    /** Entries stored at or before this time are on disk (crash recovery starts from a file no newer). */
    long safeTimestamp() {
        long min = Math.min(physicMsgTimestamp(), Math.min(logicsMsgTimestamp(), indexMsgTimestamp()));
        return Math.max(0, min - 3000);
    }

    void flush() {
        buf.force();
    }

    void close() {
        flush();
        Unmapper.unmap(buf);
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
