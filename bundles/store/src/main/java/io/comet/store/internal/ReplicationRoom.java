package io.comet.store.internal;

import java.nio.ByteBuffer;

/**
 * The store's side of replication: raw appends of a master's bytes (a slave), truncation to a common offset, and
 * the confirm offset that bounds dispatch and reads. Raw bytes go through the same flush policy as appends and
 * keep the queue offsets of the append path right ({@link QueueOffsetRebuilder}).
 *
 * <p>Confirm offset: the one replication set, if any; else the flushed offset under SYNC_FLUSH (consumers never
 * see an entry whose append could still fail or vanish in a power cut); else the commit-log end.
 */
final class ReplicationRoom {
    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final ReputService reput;
    private final FlushSwitch flush;
    private final QueueOffsetRebuilder offsets;
    private volatile long explicitConfirm = -1;

    /** @param index null when indexing is off */
    ReplicationRoom(CommitLog log, ConsumeQueueTable queues, IndexService index, ReputService reput, FlushSwitch flush,
                    QueueOffsetRebuilder offsets) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.reput = reput;
        this.flush = flush;
        this.offsets = offsets;
    }

    /** Appends raw commit-log bytes at {@code offset}, which must be the end. */
    void appendRaw(long offset, ByteBuffer bytes) {
        long end;
        log.putLock().lock();
        try {
            offsets.beforeRaw(offset);
            end = log.appendRaw(offset, bytes);
            offsets.track();
        } finally {
            log.putLock().unlock();
        }
        reput.wakeup();
        flush.onAppended(end, false); // the policy forces copied bytes as it would appended ones (SYNC: at once)
    }

    /** Drops commit log, consume-queue units and index entries from {@code offset} on. */
    void truncateTo(long offset) {
        log.putLock().lock();
        try {
            synchronized (reput.dispatchLock()) {
                log.truncateTo(offset);
                queues.truncateDirty(offset);
                if (index != null) {
                    index.truncate(offset);
                }
                if (reput.reputFrom() > offset) {
                    reput.reputFrom(offset);
                }
                if (explicitConfirm > offset) {
                    explicitConfirm = offset;
                }
                offsets.rebuild(queues, reput.reputFrom());
            }
        } finally {
            log.putLock().unlock();
        }
    }

    long confirmOffset() {
        long c = explicitConfirm;
        if (c >= 0) {
            return c;
        }
        return flush.syncFlush() ? log.flushedOffset() : log.writtenOffset();
    }

    /** Sets the confirm offset (negative: follow the store again). */
    void confirmOffset(long offset) {
        explicitConfirm = offset < 0 ? -1 : offset;
        reput.wakeup();
    }

    /** The confirm offset replication set, or -1 (for the checkpoint). */
    long explicitConfirm() {
        return explicitConfirm;
    }

    /** How far replication may read: the confirm offset set by replication, else the commit-log end. */
    long replicationLimit() {
        long c = explicitConfirm;
        return c >= 0 ? c : log.writtenOffset();
    }
}
