package io.comet.store.internal;

import io.comet.common.MessageCodec;
import io.comet.common.MessageIds;
import io.comet.common.MessageRecord;
import io.comet.common.MessageSysFlag;
import io.comet.store.FlushTarget;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoredSlice;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit log: every message of every topic, one entry after another ({@link MessageCodec} layout), in
 * {@code commitlog/} files of {@code mappedFileSizeCommitLog} bytes named by their 20-digit start offset. When an
 * entry plus an 8-byte filler does not fit in the current file, an end-of-file filler (size = bytes left, magic
 * {@code 0xCBD43194}) closes it and the entry goes to the next file; so every file ends in a filler or is the last.
 *
 * <p>Appends take a short lock in which the store timestamp, physical offset and queue offset are assigned and the
 * prepared entry is written straight into the mapped buffer; nothing in the lock allocates or touches the disk
 * except, rarely, mapping a file the {@link FileAllocator} did not prepare in time.
 */
final class CommitLog implements FlushTarget {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);
    private final MappedFileQueue files;
    private final int fileSize;
    private final Clock clock;
    private final ReentrantLock putLock = new ReentrantLock();
    private final Object flushLock = new Object();
    private final TopicQueueOffsets offsets = new TopicQueueOffsets();
    private volatile long written;
    private volatile long flushed;
    private volatile long lastStoreTimestamp;
    private volatile long flushedStoreTimestamp;
    private boolean closed;
    private long failedCreateAt = -1;
    private volatile Runnable afterFlush;
    private volatile RuntimeException forceFailure;

    CommitLog(Path dir, int fileSize, FileAllocator allocator, Clock clock) {
        this.files = new MappedFileQueue(dir, fileSize, allocator);
        this.fileSize = fileSize;
        this.clock = clock;
    }

    MappedFileQueue files() { return files; }

    int fileSize() { return fileSize; }

    /** The append lock; also held by truncation and by recovery of the queue offsets. */
    ReentrantLock putLock() { return putLock; }

    /** Runs {@code listener} (cheap, never blocking) each time the flushed offset moves up. */
    void afterFlush(Runnable listener) { afterFlush = listener; }

    /** The lock every force and every truncation runs under (so a force never outlives a cut it did not see). */
    Object flushLock() { return flushLock; }

    /** Queue offsets; use only while holding {@link #putLock()}. */
    TopicQueueOffsets offsets() { return offsets; }

    /** After recovery: the end of valid data, which is also on disk. */
    void recovered(long end) {
        written = end;
        flushed = end;
    }

    /** Appends one prepared message (its length was checked against the file size). */
    PutResult append(MessageCodec.Prepared p) {
        MessageRecord m = p.message();
        int len = p.length();
        long phys;
        long queueOffset;
        long now;
        putLock.lock();
        try {
            if (closed) {
                return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE);
            }
            now = clock.millis();
            MappedFile f = fileWithRoom(len);
            if (f == null) {
                return PutResult.failed(PutStatus.CREATE_MAPPED_FILE_FAILED);
            }
            int pos = f.wrotePosition();
            phys = f.fromOffset() + pos;
            boolean consumable = MessageSysFlag.isConsumable(m.sysFlag());
            queueOffset = consumable ? offsets.get(m.topic(), m.queueId()) : 0;
            MessageCodec.encode(f.buffer(), pos, p, queueOffset, phys, now);
            f.wrotePosition(pos + len);
            if (consumable) {
                offsets.set(m.topic(), m.queueId(), queueOffset + 1);
            }
            lastStoreTimestamp = now;
            written = phys + len;
        } finally {
            putLock.unlock();
        }
        return new PutResult(PutStatus.PUT_OK, phys, len, queueOffset, 1, now, MessageIds.offsetId(m.storeHost(), phys));
    }

    /** Appends prepared messages of one topic/queue contiguously, with consecutive queue offsets. */
    PutResult appendBatch(List<MessageCodec.Prepared> batch, int totalLength) {
        MessageRecord first = batch.get(0).message();
        long phys;
        long queueOffset;
        long now;
        putLock.lock();
        try {
            if (closed) {
                return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE);
            }
            now = clock.millis();
            MappedFile f = fileWithRoom(totalLength);
            if (f == null) {
                return PutResult.failed(PutStatus.CREATE_MAPPED_FILE_FAILED);
            }
            int pos = f.wrotePosition();
            phys = f.fromOffset() + pos;
            queueOffset = offsets.get(first.topic(), first.queueId());
            long qo = queueOffset;
            for (MessageCodec.Prepared p : batch) {
                boolean consumable = MessageSysFlag.isConsumable(p.message().sysFlag());
                MessageCodec.encode(f.buffer(), pos, p, consumable ? qo : 0, f.fromOffset() + pos, now);
                pos += p.length();
                if (consumable) {
                    qo++;
                }
            }
            f.wrotePosition(pos);
            offsets.set(first.topic(), first.queueId(), qo);
            lastStoreTimestamp = now;
            written = f.fromOffset() + pos;
        } finally {
            putLock.unlock();
        }
        StringBuilder ids = new StringBuilder(batch.size() * 33);
        long at = phys;
        for (MessageCodec.Prepared p : batch) {
            if (ids.length() > 0) {
                ids.append(',');
            }
            ids.append(MessageIds.offsetId(p.message().storeHost(), at));
            at += p.length();
        }
        return new PutResult(PutStatus.PUT_OK, phys, totalLength, queueOffset, batch.size(), now, ids.toString());
    }

    /**
     * In the lock: the current file if {@code len} + a filler fits, else a new one after closing this one; null
     * (logged) when a new file cannot be created (disk full, permissions).
     */
    private MappedFile fileWithRoom(int len) {
        try {
            MappedFile f = files.lastForWrite(written);
            int pos = f.wrotePosition();
            if (len + MessageCodec.BLANK_LENGTH > fileSize - pos) {
                if (pos < fileSize) {
                    MessageCodec.encodeBlank(f.buffer(), pos, fileSize - pos);
                    f.wrotePosition(fileSize);
                    written = f.fromOffset() + fileSize;
                }
                f = files.lastForWrite(written);
            }
            return f;
        } catch (RuntimeException e) {
            if (failedCreateAt != written) {
                failedCreateAt = written;
                LOG.error("cannot create the next commit-log file at offset {} in {}", written, files.dir(), e);
            } else {
                LOG.error("cannot create the next commit-log file at offset {}: {}", written, e.getMessage());
            }
            return null;
        }
    }

    /**
     * Writes raw bytes at {@code offset} (must be the end), crossing file boundaries as the bytes say. Returns the
     * new end. The caller holds the put lock.
     */
    long appendRaw(long offset, ByteBuffer bytes) {
        if (closed) {
            throw new IllegalStateException("the commit log is closed");
        }
        if (offset != written) {
            throw new IllegalArgumentException("raw append at offset " + offset + " but the commit log ends at " + written);
        }
        int src = bytes.position();
        int left = bytes.remaining();
        long end = written;
        while (left > 0) {
            MappedFile f = files.lastForWrite(end);
            int pos = f.wrotePosition();
            int n = Math.min(left, fileSize - pos);
            f.buffer().put(pos, bytes, src, n);
            f.wrotePosition(pos + n);
            src += n;
            left -= n;
            end += n;
            written = end;
        }
        bytes.position(src);
        return end;
    }

    /** Drops everything from {@code offset} on. The caller holds the put lock; a running flush is waited for. */
    void truncateTo(long offset) {
        if (closed) {
            throw new IllegalStateException("the commit log is closed");
        }
        if (offset < files.minOffset() && !files.isEmpty()) {
            throw new IllegalArgumentException("cannot truncate to " + offset + ": below the first retained offset " + files.minOffset());
        }
        if (offset > written) {
            throw new IllegalArgumentException("cannot truncate to " + offset + ": beyond the end " + written);
        }
        // under the flush lock: a flusher that read the old end cannot force and then mark bytes past the cut
        // (later overwritten by new appends) as flushed
        synchronized (flushLock) {
            files.truncateTo(offset);
            written = offset;
            flushed = Math.min(flushed, offset);
        }
    }

    @Override
    public long flush(int leastPages) {
        synchronized (flushLock) {
            // appends set lastStoreTimestamp before written: read in the other order, every entry stored at or
            // before ts lies below w, so a flush reaching w covers ts (and the flusher never waits for the lock)
            RuntimeException failed = forceFailure;
            if (failed != null) {
                // Linux drops the dirty pages of a failed fsync and a retry may "succeed": never trust one again
                throw new IllegalStateException("commit log not writeable since a force failed: " + failed.getMessage(), failed);
            }
            long ts = lastStoreTimestamp;
            long w = written;
            long end;
            try {
                end = files.isEmpty() ? w : files.flush(leastPages);
            } catch (RuntimeException e) {
                forceFailure = e;
                LOG.error("forcing the commit log in {} failed: the store is not writeable until restarted", files.dir(), e);
                throw e;
            }
            if (end >= w) {
                end = w;
                if (ts > flushedStoreTimestamp) {
                    flushedStoreTimestamp = ts;
                }
            }
            if (end > flushed) {
                flushed = end;
                Runnable listener = afterFlush;
                if (listener != null) {
                    listener.run();
                }
            }
            return flushed;
        }
    }

    /** Whether a force failed: then nothing is flushed any more and appends are refused. */
    boolean forceFailed() { return forceFailure != null; }

    @Override
    public long flushedOffset() { return flushed; }

    @Override
    public long writtenOffset() { return written; }

    /**
     * Ignored: {@link #flush(int)} records the exact store time of the newest entry it covered, taken under the
     * append lock, which is never later than what a policy can know.
     */
    @Override
    public void flushedUpTo(long storeTimestamp) {
        // exact times are tracked by flush()
    }

    /**
     * An entry that did not come through {@link #append} (raw replication bytes, found by parsing after they were
     * written) was stored at {@code storeTimestamp}. Called under the put lock, after {@code written} covers the
     * entry, so a flush that reads this time first and the end second still covers the entry.
     */
    void entryStoredAt(long storeTimestamp) {
        if (storeTimestamp > lastStoreTimestamp) {
            lastStoreTimestamp = storeTimestamp;
        }
    }

    /** Store time of the newest message known to be on disk (for the checkpoint). */
    long flushedStoreTimestamp() { return flushedStoreTimestamp; }

    long minOffset() {
        return files.isEmpty() ? written : files.minOffset();
    }

    /**
     * A zero-copy slice of {@code size} bytes at {@code phys}, or null when those bytes are not (or no longer)
     * there or extend past {@code limit}.
     */
    StoredSlice slice(long phys, int size, long queueOffset, long limit) {
        if (size <= 0 || phys + size > limit) {
            return null;
        }
        MappedFile f = files.find(phys);
        if (f == null) {
            return null;
        }
        int pos = (int) (phys - f.fromOffset());
        if (pos + size > f.wrotePosition() || !f.acquire()) {
            return null;
        }
        return new StoredSlice(f.slice(pos, size), phys, queueOffset, f::release);
    }

    /** The whole entry at {@code phys} (a valid magic there), or null. */
    StoredSlice entryAt(long phys, long limit) {
        MappedFile f = files.find(phys);
        if (f == null || !f.acquire()) {
            return null;
        }
        try {
            int pos = (int) (phys - f.fromOffset());
            if (pos + 8 > f.wrotePosition()) {
                return null;
            }
            int r = MessageCodec.check(f.buffer(), pos, f.wrotePosition(), phys, false);
            if (r <= 0 || phys + r > limit) {
                return null;
            }
            return slice(phys, r, -1, limit);
        } finally {
            f.release();
        }
    }

    /** Store timestamp of the entry at {@code phys}, or -1. */
    long storeTimestampAt(long phys) {
        MappedFile f = files.find(phys);
        if (f == null || !f.acquire()) {
            return -1;
        }
        try {
            int pos = (int) (phys - f.fromOffset());
            if (pos + 76 > f.wrotePosition()) {
                return -1;
            }
            int magic = f.buffer().getInt(pos + MessageCodec.POS_MAGIC);
            if (magic != MessageCodec.MAGIC_V1 && magic != MessageCodec.MAGIC_V2) {
                return -1;
            }
            int sysFlag = f.buffer().getInt(pos + MessageCodec.POS_SYS_FLAG);
            return f.buffer().getLong(pos + MessageCodec.storeTimestampPosition(sysFlag));
        } finally {
            f.release();
        }
    }

    /** Raw bytes from {@code offset} to the end of its file's data, below {@code limit}, at most {@code max}. */
    StoredSlice readRaw(long offset, int max, long limit) {
        MappedFile f = files.find(offset);
        if (f == null) {
            return null;
        }
        long end = Math.min(f.fromOffset() + f.wrotePosition(), limit);
        int n = (int) Math.min(max, end - offset);
        return n <= 0 ? null : slice(offset, n, -1, limit);
    }

    /** Refuses further appends; returns once no append is inside the lock any more. */
    void shutdown() {
        putLock.lock();
        try {
            closed = true;
        } finally {
            putLock.unlock();
        }
    }

    /** Whether {@link #shutdown()} was called. Read under the put lock. */
    boolean isShutdown() {
        return closed;
    }

    void close() {
        shutdown();
        files.close();
    }
}
