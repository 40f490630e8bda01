package io.comet.store.internal;

import io.comet.common.MessageCodec;

/**
 * Keeps the append path's queue offsets right when entries reach the commit log without going through an append:
 * after recovery and truncation (offsets = consume-queue ends, then any entries dispatch has not reached), and
 * for raw replication bytes (each whole entry raises its queue's next offset; an entry split across two raw
 * chunks is counted when its end arrives). Each whole entry's store time is passed to the commit log, so the
 * checkpoint's commit-log time moves on a slave too. All methods run under the commit log's put lock.
 */
final class QueueOffsetRebuilder {
    private final CommitLog log;
    private long parsed;
    private boolean pending;

    QueueOffsetRebuilder(CommitLog log) {
        this.log = log;
    }

    /** Rebuilds all offsets: consume-queue ends, then entries from {@code undispatchedFrom} to the end. */
    void rebuild(ConsumeQueueTable queues, long undispatchedFrom) {
        TopicQueueOffsets offsets = log.offsets();
        offsets.clear();
        for (ConsumeQueue cq : queues.all()) {
            offsets.set(cq.topic(), cq.queueId(), cq.maxOffset());
        }
        parsed = undispatchedFrom;
        pending = true;
        track();
    }

    /** Before a raw append at {@code offset}: start parsing there unless an entry is still incomplete. */
    void beforeRaw(long offset) {
        if (!pending) {
            parsed = offset;
        }
    }

    /** Advances queue offsets over whole entries up to the commit-log end. */
    void track() {
        long end = log.writtenOffset();
        while (parsed < end) {
            MappedFile f = log.files().find(parsed);
            if (f == null) {
                break;
            }
            if (!f.acquire()) { // maps it again if it was unmapped while idle
                break;
            }
            int r;
            try {
                int pos = (int) (parsed - f.fromOffset());
                int limit = (int) Math.min(f.wrotePosition(), end - f.fromOffset());
                r = MessageCodec.check(f.buffer(), pos, limit, parsed, false);
                if (r > 0) {
                    DispatchRequest d = DispatchRequest.parse(f.buffer(), pos, r);
                    if (d.consumable()) {
                        log.offsets().advanceTo(d.topic(), d.queueId(), d.queueOffset() + 1);
                    }
                    log.entryStoredAt(d.storeTimestamp());
                }
            } finally {
                f.release();
            }
            if (r > 0) {
                parsed += r;
            } else if (r == MessageCodec.CHECK_BLANK) {
                parsed = f.fromOffset() + f.size();
            } else {
                break;
            }
        }
        pending = parsed < end;
    }
}
