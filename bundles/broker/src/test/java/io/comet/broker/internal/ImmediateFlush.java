package io.comet.broker.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;
import java.util.concurrent.CompletableFuture;

/** A flush policy for tests that acknowledges at once, or with a fixed status; flushes everything on hand-over. */
final class ImmediateFlush implements FlushPolicy {
    private volatile FlushTarget target;
    private volatile PutStatus answer = PutStatus.PUT_OK;

    /** Answers every later append with {@code status} (e.g. FLUSH_DISK_TIMEOUT). */
    void answer(PutStatus status) {
        answer = status;
    }

    @Override
    public void attach(FlushTarget t) {
        target = t;
    }

    @Override
    public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
        return CompletableFuture.completedFuture(waitStoreOk ? answer : PutStatus.PUT_OK);
    }

    @Override
    public void handOver(FlushPolicy successor) {
        if (successor == null && target != null) {
            target.flush(0);
        }
    }
}
