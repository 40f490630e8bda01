package io.comet.ha.internal;

import io.comet.store.MessageStore;
import io.comet.store.StoredSlice;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Finds the end of the last whole entry of a commit log. A slave copies raw chunks that may end inside an entry;
 * before it writes entries of its own (promotion) the partial tail must go. Walks entries by their TOTALSIZE
 * field from the dispatched offset (always an entry boundary); end-of-file fillers are entries whose size is the
 * rest of their file, so they are walked like any other.
 */
final class LogBoundary {
    private static final int CHUNK = 1 << 20;

    private LogBoundary() {}

    /** The offset just past the last entry that lies wholly below {@link MessageStore#maxPhyOffset()}. */
    static long lastEntryEnd(MessageStore store) {
        long end = store.maxPhyOffset();
        long at = Math.max(store.storeStatus().dispatchedOffset(), store.minPhyOffset());
        int want = CHUNK;
        while (at < end) {
            Optional<StoredSlice> read = store.readCommitLog(at, want);
            if (read.isEmpty()) {
                return at;
            }
            try (StoredSlice s = read.get()) {
                ByteBuffer b = s.buffer();
                int pos = 0;
                while (pos + 8 <= b.limit()) {
                    int size = b.getInt(pos);
                    if (size < 8) {
                        return at + pos; // not an entry: stop at the last good boundary
                    }
                    if (pos + size > b.limit()) {
                        break;
                    }
                    pos += size;
                }
                if (pos == 0) {
                    int size = b.limit() >= 4 ? b.getInt(0) : Integer.MAX_VALUE;
                    if (size > want && at + size <= end) {
                        want = size; // an entry larger than one chunk: read it whole
                        continue;
                    }
                    return at; // the entry at 'at' does not fit in what is written: partial
                }
                at += pos;
                want = CHUNK;
            }
        }
        return Math.min(at, end);
    }
}
