package io.comet.store.internal;

import io.comet.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sequence after the folder is locked: map commit log, consume queues and index; recover consume
 * queues, then the commit log ({@link CommitLogRecovery}); drop consume queues and index when the commit log is
 * gone; cut consume-queue units and index ends past the recovered end; move consume-queue min offsets to the
 * commit log's first retained offset; replay dispatch from the checkpoint's dispatched offset (idempotent); rebuild
 * the queue offsets.
 */
final class StoreRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);

    private StoreRecovery() {}

    /** @param index null when indexing is off */
    static void recover(StoreSettings settings, boolean crashed, Checkpoint checkpoint, CommitLog log,
                        ConsumeQueueTable queues, IndexService index, ReputService reput, QueueOffsetRebuilder offsets) {
        log.files().load();
        queues.load();
        if (index != null) {
            index.load();
        }
        queues.recover();
        long safe = index != null ? checkpoint.safeTimestamp()
                : Math.max(0, Math.min(checkpoint.physicMsgTimestamp(), checkpoint.logicsMsgTimestamp()) - 3000);
        long end = CommitLogRecovery.recover(log, crashed, safe, settings.checkCRCOnRecover());
        if (log.files().isEmpty()) {
            queues.destroyAll();
            if (index != null) {
                index.destroyAll();
            }
        }
        queues.truncateDirty(end);
        if (index != null) {
            index.truncate(end);
        }
        long min = log.minOffset();
        queues.correctMinOffsets(min);
        long from = Math.max(min, Math.min(checkpoint.dispatchedPhyOffset(), end));
        reput.reputFrom(from);
        reput.dispatchFully();
        log.putLock().lock();
        try {
            offsets.rebuild(queues, reput.reputFrom());
        } finally {
            log.putLock().unlock();
        }
        LOG.info("store {} opened after a {} stop: commit log [{}, {}), re-dispatched from {}", settings.storePathRootDir(),
                crashed ? "crash (abort file present)" : "clean", min, end, from);
    }
}
