package io.comet.store.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consume queue, {@code consumequeue/<topic>/<queueId>/}: fixed 20-byte units, entry N at byte N*20, in files
 * of {@code mappedFileSizeConsumeQueue} bytes named by their first byte's 20-digit offset.
 *
 * <pre>
 *  offset size field
 *   0     8    commit-log physical offset of the message
 *   8     4    message size
 *  12     8    tag code (String.hashCode() of TAGS, 0 without tags)
 * </pre>
 *
 * A unit with offset &lt; 0 or size &lt;= 0 (all zeros) ends the queue. When a queue's first file starts at a
 * non-zero queue offset, the units before it are dummies (offset 0, size Integer.MAX_VALUE, tag 0). Writing is
 * idempotent: a unit for a message ending at or below the highest commit-log end already in the queue is skipped,
 * so dispatch may safely replay the commit log after a crash.
 *
 * <p>Written by the dispatch thread only; read by any thread (readers hold a file reference). Maintenance
 * (recovery, truncation, retention, min-offset correction) is serialized on the queue, so retention never reads a
 * file that a truncation is deleting.
 */
final class ConsumeQueue {
    static final int UNIT = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);

    private final String topic;
    private final int queueId;
    private final MappedFileQueue files;
    private final int fileSize;
    private volatile long maxPhysicOffset;
    private volatile long minLogicOffset;

    ConsumeQueue(Path root, String topic, int queueId, int fileSize) {
        this.topic = topic;
        this.queueId = queueId;
        this.fileSize = fileSize;
        this.files = new MappedFileQueue(root.resolve(topic).resolve(Integer.toString(queueId)), fileSize, null);
    }

    String topic() { return topic; }

    int queueId() { return queueId; }

    MappedFileQueue files() { return files; }

    /** End (offset + size) of the newest commit-log entry in this queue. */
    long maxPhysicOffset() { return maxPhysicOffset; }

    void load() {
        files.load();
    }

    /** Finds the end of valid units (scanning the last three files), zeroes what follows. */
    synchronized void recover() {
        List<MappedFile> fs = files.files();
        if (fs.isEmpty()) {
            return;
        }
        int start = Math.max(0, fs.size() - 3);
        long end = fs.get(start).fromOffset();
        long maxPhys = 0;
        outer:
        for (int i = start; i < fs.size(); i++) {
            MappedFile f = fs.get(i);
            ByteBuffer b = f.buffer();
            for (int pos = 0; pos + UNIT <= fileSize; pos += UNIT) {
                long off = b.getLong(pos);
                int size = b.getInt(pos + 8);
                if (off < 0 || size <= 0) {
                    end = f.fromOffset() + pos;
                    break outer;
                }
                if (size != Integer.MAX_VALUE) {
                    maxPhys = off + size;
                }
                end = f.fromOffset() + pos + UNIT;
            }
        }
        files.truncateTo(end);
        maxPhysicOffset = maxPhys;
        minLogicOffset = files.minOffset();
    }

    /**
     * Writes the unit for queue offset {@code queueOffset}; skips messages already covered. Returns true when the
     * unit is now in the queue.
     */
    boolean put(long phys, int size, long tagsCode, long queueOffset) {
        if (phys + size <= maxPhysicOffset) {
            return true;
        }
        long expected = queueOffset * UNIT;
        if (files.isEmpty() && expected != 0) {
            MappedFile first = files.lastForWrite(expected);
            fillDummies(first, (int) (expected - first.fromOffset()));
            minLogicOffset = expected;
        }
        MappedFile f = files.lastForWrite(expected);
        long current = files.maxOffset();
        if (expected < current) {
            LOG.warn("consume queue {}-{}: unit for queue offset {} already written (end {}), message at {} ignored",
                    topic, queueId, queueOffset, current / UNIT, phys);
            return false;
        }
        if (expected > current) {
            LOG.warn("consume queue {}-{}: gap before queue offset {} (end {}), filling with dummies",
                    topic, queueId, queueOffset, current / UNIT);
            while (files.maxOffset() < expected) {
                MappedFile g = files.lastForWrite(files.maxOffset());
                int room = (int) Math.min(fileSize - g.wrotePosition(), expected - files.maxOffset());
                fillDummies(g, g.wrotePosition() + room);
            }
            f = files.lastForWrite(expected);
        }
        int pos = f.wrotePosition();
        ByteBuffer b = f.buffer();
        b.putLong(pos, phys);
        b.putInt(pos + 8, size);
        b.putLong(pos + 12, tagsCode);
        f.wrotePosition(pos + UNIT);
        maxPhysicOffset = phys + size;
        return true;
    }

    private static void fillDummies(MappedFile f, int upTo) {
        ByteBuffer b = f.buffer();
        for (int pos = f.wrotePosition(); pos < upTo; pos += UNIT) {
            b.putLong(pos, 0);
            b.putInt(pos + 8, Integer.MAX_VALUE);
            b.putLong(pos + 12, 0);
        }
        f.wrotePosition(upTo);
    }

    /** One past the last unit. */
    long maxOffset() {
        return files.maxOffset() / UNIT;
    }

    /** First retained unit. */
    long minOffset() {
        return Math.max(minLogicOffset, files.minOffset()) / UNIT;
    }

    /**
     * Reads units from {@code queueOffset} on, within one file, into {@code out} (20 bytes each: offset, size,
     * tag). Returns the number of units read (0 when the offset is not held).
     */
    int read(long queueOffset, int maxUnits, long[] outPhys, int[] outSize, long[] outTags) {
        long byteOffset = queueOffset * UNIT;
        MappedFile f = files.find(byteOffset);
        if (f == null || !f.acquire()) {
            return 0;
        }
        try {
            int pos = (int) (byteOffset - f.fromOffset());
            int end = f.wrotePosition();
            int n = 0;
            ByteBuffer b = f.buffer();
            while (n < maxUnits && pos + UNIT <= end) {
                outPhys[n] = b.getLong(pos);
                outSize[n] = b.getInt(pos + 8);
                outTags[n] = b.getLong(pos + 12);
                n++;
                pos += UNIT;
            }
            return n;
        } finally {
            f.release();
        }
    }

    /** The queue offset at which the file after the one holding {@code queueOffset} starts. */
    long nextFileStart(long queueOffset) {
        long unitsPerFile = fileSize / UNIT;
        return (queueOffset / unitsPerFile + 1) * unitsPerFile;
    }

    /** Removes units pointing at or past {@code phyOffset} (the commit log was cut there). */
    synchronized void truncateDirty(long phyOffset) {
        List<MappedFile> fs = files.files();
        long cut = -1;
        for (int i = fs.size() - 1; i >= 0; i--) {
            MappedFile f = fs.get(i);
            ByteBuffer b = f.buffer();
            int wrote = f.wrotePosition();
            if (wrote == 0) {
                cut = f.fromOffset();
                continue;
            }
            long firstPhys = b.getLong(0);
            int firstSize = b.getInt(8);
            boolean firstIsDummy = firstSize == Integer.MAX_VALUE;
            if (!firstIsDummy && firstPhys >= phyOffset) {
                cut = f.fromOffset();
                continue;
            }
            cut = f.fromOffset() + wrote;
            for (int pos = 0; pos < wrote; pos += UNIT) {
                long off = b.getLong(pos);
                int size = b.getInt(pos + 8);
                if (size != Integer.MAX_VALUE && off >= phyOffset) {
                    cut = f.fromOffset() + pos;
                    break;
                }
            }
            break;
        }
        if (cut >= 0 && cut < files.maxOffset()) {
            files.truncateTo(cut);
        }
        maxPhysicOffset = lastPhysEnd();
        minLogicOffset = Math.min(minLogicOffset, files.maxOffset());
    }

    private long lastPhysEnd() {
        List<MappedFile> fs = files.files();
        for (int i = fs.size() - 1; i >= 0; i--) {
            MappedFile f = fs.get(i);
            for (int pos = f.wrotePosition() - UNIT; pos >= 0; pos -= UNIT) {
                int size = f.buffer().getInt(pos + 8);
                if (size != Integer.MAX_VALUE) {
                    return f.buffer().getLong(pos) + size;
                }
            }
        }
        return 0;
    }

    /** Moves the min offset to the first unit pointing at or past {@code minPhys} (retention). */
    synchronized void correctMinOffset(long minPhys) {
        for (MappedFile f : files.files()) {
            ByteBuffer b = f.buffer();
            int wrote = f.wrotePosition();
            if (wrote == 0) {
                continue;
            }
            long lastPhys = b.getLong(wrote - UNIT);
            if (lastPhys < minPhys && b.getInt(wrote - UNIT + 8) != Integer.MAX_VALUE) {
                continue;
            }
            for (int pos = 0; pos < wrote; pos += UNIT) {
                int size = b.getInt(pos + 8);
                if (size != Integer.MAX_VALUE && b.getLong(pos) >= minPhys) {
                    minLogicOffset = f.fromOffset() + pos;
                    return;
                }
            }
        }
        minLogicOffset = files.maxOffset();
    }

    /** Deletes files whose every unit points below {@code minPhys} (never the last file). Returns files deleted. */
    synchronized int deleteExpired(long minPhys) {
        int n = 0;
        while (files.files().size() > 1) {
            MappedFile f = files.first();
            int wrote = f.wrotePosition();
            if (wrote < fileSize) {
                break;
            }
            long lastPhys = f.buffer().getLong(wrote - UNIT);
            int lastSize = f.buffer().getInt(wrote - UNIT + 8);
            if (lastSize == Integer.MAX_VALUE || lastPhys + lastSize > minPhys) {
                break;
            }
            files.removeFirst(f);
            n++;
        }
        correctMinOffset(minPhys);
        return n;
    }

    long flush(int leastPages) {
        return files.flush(leastPages);
    }

    synchronized void destroy() {
        files.destroyAll();
        maxPhysicOffset = 0;
        minLogicOffset = 0;
    }

    synchronized void close() {
        files.close();
    }
}
