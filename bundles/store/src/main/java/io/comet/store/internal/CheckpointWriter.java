package io.comet.store.internal;

/**
 * Writes the {@link Checkpoint}: the dispatched offset and the store time of the last dispatched message are
 * read first, then consume queues and index are flushed, so the checkpoint never claims more than is on disk;
 * the commit-log time is the newest store time a flush covered.
 */
final class CheckpointWriter {
    private CheckpointWriter() {}

    /** @param index null when indexing is off; @param explicitConfirm -1 when the confirm offset follows the end */
    static void write(Checkpoint checkpoint, CommitLog log, ConsumeQueueTable queues, IndexService index,
                      ReputService reput, long explicitConfirm) {
        long dispatched = reput.reputFrom();
        long ts = reput.lastStoreTimestamp();
        queues.flush(0);
        if (index != null) {
            index.flush();
        }
        if (ts > 0) {
            checkpoint.logicsMsgTimestamp(ts);
            checkpoint.indexMsgTimestamp(ts);
        }
        checkpoint.dispatchedPhyOffset(dispatched);
        checkpoint.physicMsgTimestamp(log.flushedStoreTimestamp());
        checkpoint.confirmPhyOffset(Math.max(0, explicitConfirm));
        checkpoint.flush();
    }
}
