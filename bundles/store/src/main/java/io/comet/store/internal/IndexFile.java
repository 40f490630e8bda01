package io.comet.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * One index file in {@code index/}, named by its creation time ({@code yyyyMMddHHmmssSSS}): a hash table from
 * message keys to commit-log offsets.
 *
 * <pre>
 * header, 40 bytes: beginTimestamp 8 | endTimestamp 8 | beginPhyOffset 8 | endPhyOffset 8 | hashSlotCount 4 | indexCount 4
 * slots, maxHashSlotNum x 4 bytes: number of the newest item whose key hashes to the slot (0 = empty)
 * items, maxIndexNum x 20 bytes: keyHash 4 | phyOffset 8 | timeDiff 4 (s since beginTimestamp) | prevItem 4 (0 = end)
 * </pre>
 *
 * The key is {@code topic + "#" + key}; its hash is {@code Math.abs(String.hashCode())} (0 for Integer.MIN_VALUE),
 * slot = hash % slots. Item numbers start at 1 (indexCount starts at 1), so 0 means "none". A lookup walks the
 * slot's chain and returns offsets whose hash and time match; callers re-check the real key.
 *
 * <p>Written by the dispatch thread only; read by any thread (header fields and slots are published after items).
 */
final class IndexFile {
    static final int HEADER = 40;
    static final int SLOT = 4;
    static final int ITEM = 20;

    private final Path path;
    private final int slots;
    private final int maxItems;
    private final FileChannel channel;
    private final MappedByteBuffer buf;
    private volatile boolean closed;

    private IndexFile(Path path, int slots, int maxItems, FileChannel channel, MappedByteBuffer buf) {
        this.path = path;
        this.slots = slots;
        this.maxItems = maxItems;
        this.channel = channel;
        this.buf = buf;
    }

    /** Opens or creates the file, sized for {@code slots} and {@code maxItems}. */
    static IndexFile open(Path path, int slots, int maxItems) {
        long size = HEADER + (long) slots * SLOT + (long) maxItems * ITEM;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index file too large: maxHashSlotNum " + slots + " and maxIndexNum "
                    + maxItems + " need " + size + " bytes (2 GiB max)");
        }
        try {
            Files.createDirectories(path.getParent());
            boolean fresh = !Files.exists(path);
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long len = ch.size();
            if (len != 0 && len != size) {
                ch.close();
                throw new IllegalStateException("index file " + path + " is " + len + " bytes long, expected " + size
                        + " for maxHashSlotNum " + slots + " and maxIndexNum " + maxItems);
            }
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            IndexFile f = new IndexFile(path, slots, maxItems, ch, b);
            if (fresh || f.indexCount() == 0) {
                b.putInt(36, 1);
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map index file " + path, e);
        }
    }

    Path path() { return path; }

    long beginTimestamp() { return buf.getLong(0); }

    long endTimestamp() { return buf.getLong(8); }

    long beginPhyOffset() { return buf.getLong(16); }

    long endPhyOffset() { return buf.getLong(24); }

    int hashSlotCount() { return buf.getInt(32); }

    int indexCount() { return buf.getInt(36); }

    boolean isFull() { return indexCount() >= maxItems; }

    /** Seeds the begin values of an empty file (from the previous file's end values). */
    void seed(long timestamp, long phyOffset) {
        if (indexCount() <= 1) {
            buf.putLong(0, timestamp);
            buf.putLong(8, timestamp);
            buf.putLong(16, phyOffset);
            buf.putLong(24, phyOffset);
        }
    }

    static int hash(String key) {
        int h = Math.abs(key.hashCode());
        return h < 0 ? 0 : h;
    }

    /**
     * Adds an item; false when the file is full. True without writing when the slot already holds an item of the
     * same hash at {@code phyOffset} (a replay of a message whose keys were partly indexed before a crash). The
     * end offset is not moved: only {@link #passed} does that, once every key of the message is in.
     */
    boolean put(String key, long phyOffset, long storeTimestamp) {
        int count = indexCount();
        if (count >= maxItems) {
            return false;
        }
        int h = hash(key);
        int slotPos = HEADER + (h % slots) * SLOT;
        int prev = buf.getInt(slotPos);
        if (prev <= 0 || prev >= count) {
            prev = 0;
        }
        if (alreadyIndexed(prev, h, phyOffset)) {
            return true;
        }
        if (count == 1 && beginTimestamp() == 0) {
            buf.putLong(0, storeTimestamp);
            buf.putLong(16, phyOffset);
        }
        long diff = (storeTimestamp - beginTimestamp()) / 1000;
        int timeDiff = (int) Math.max(0, Math.min(Integer.MAX_VALUE, diff));
        int itemPos = HEADER + slots * SLOT + count * ITEM;
        buf.putInt(itemPos, h);
        buf.putLong(itemPos + 4, phyOffset);
        buf.putInt(itemPos + 12, timeDiff);
        buf.putInt(itemPos + 16, prev);
        buf.putInt(slotPos, count);
        if (prev == 0) {
            buf.putInt(32, hashSlotCount() + 1);
        }
        buf.putInt(36, count + 1);
        buf.putLong(8, Math.max(endTimestamp(), storeTimestamp));
        return true;
    }

    /** Whether the chain from {@code item} starts with items at {@code phyOffset}, one of them with hash {@code h}. */
    private boolean alreadyIndexed(int item, int h, long phyOffset) {
        int guard = 0;
        while (item > 0 && guard++ < maxItems) {
            int pos = HEADER + slots * SLOT + item * ITEM;
            if (buf.getLong(pos + 4) != phyOffset) {
                return false;
            }
            if (buf.getInt(pos) == h) {
                return true;
            }
            int prev = buf.getInt(pos + 16);
            if (prev >= item) {
                return false;
            }
            item = prev;
        }
        return false;
    }

    /** Records that dispatch has passed {@code phyOffset} (no key there), so replays skip it. */
    void passed(long phyOffset, long storeTimestamp) {
        if (phyOffset > endPhyOffset()) {
            buf.putLong(24, phyOffset);
        }
        if (storeTimestamp > endTimestamp()) {
            buf.putLong(8, storeTimestamp);
        }
    }

    /** Lowers the end offset after a truncation of the commit log. */
    void cutEnd(long phyOffset) {
        if (endPhyOffset() > phyOffset) {
            buf.putLong(24, phyOffset);
        }
    }

    /** Whether the file may hold items stored between {@code begin} and {@code end}. */
    boolean overlaps(long begin, long end) {
        return beginTimestamp() <= end && endTimestamp() >= begin;
    }

    /**
     * Adds to {@code out} the offsets of items with {@code key}'s hash stored in [begin, end], newest first; an
     * offset already in {@code out} is not counted twice.
     */
    void select(String key, int max, long begin, long end, Set<Long> out) {
        int h = hash(key);
        int count = indexCount();
        int item = buf.getInt(HEADER + (h % slots) * SLOT);
        long base = beginTimestamp();
        int guard = 0;
        while (item > 0 && item < count && out.size() < max && guard++ < count) {
            int pos = HEADER + slots * SLOT + item * ITEM;
            int itemHash = buf.getInt(pos);
            long phy = buf.getLong(pos + 4);
            long ts = base + buf.getInt(pos + 12) * 1000L;
            int prev = buf.getInt(pos + 16);
            if (itemHash == h && ts >= begin - 999 && ts <= end) {
                out.add(phy);
            }
            if (prev >= item) {
                break;
            }
            item = prev;
        }
    }

    void flush() {
        if (!closed) {
            buf.force();
        }
    }

    void close() {
        if (!closed) {
            closed = true;
            Unmapper.unmap(buf);
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    void destroy() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete index file " + path, e);
        }
    }
}
