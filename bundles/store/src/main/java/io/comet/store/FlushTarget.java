package io.comet.store;

/** What a {@link FlushPolicy} flushes: the commit log, seen as a growing byte range. */
public interface FlushTarget {
    /**
     * Forces written bytes to disk when at least {@code leastPages} 4 KiB pages are dirty (0: whatever is dirty).
     * Returns the flushed offset afterwards. Safe to call from one flushing thread at a time.
     */
    long flush(int leastPages);

    /** Everything below this commit-log offset is on disk. */
    long flushedOffset();

    /** Everything below this commit-log offset has been written (to the page cache). */
    long writtenOffset();

    /** Records the store time of the newest message known flushed, for the checkpoint. */
    void flushedUpTo(long storeTimestamp);
}
