package io.comet.store;

import java.util.List;

/**
 * Answer to a key lookup: the messages found (newest first), and how fresh the index is.
 *
 * @param messages matching stored messages as zero-copy slices; release them
 * @param indexLastUpdateTimestamp store time of the newest indexed message
 * @param indexLastUpdatePhyOffset commit-log offset of the newest indexed message
 */
public record QueryResult(List<StoredSlice> messages, long indexLastUpdateTimestamp, long indexLastUpdatePhyOffset)
        implements AutoCloseable {

    public QueryResult {
        messages = List.copyOf(messages);
    }

    public void release() {
        for (StoredSlice s : messages) {
            s.release();
        }
    }

    @Override
    public void close() { release(); }
}
