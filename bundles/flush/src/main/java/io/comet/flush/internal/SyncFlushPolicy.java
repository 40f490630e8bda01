package io.comet.flush.internal;

import io.comet.flush.FlushPolicies;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;

import java.util.concurrent.CompletableFuture;

/**
 * {@code SYNC_FLUSH}: group commit. An append with {@code waitStoreOk} completes {@link PutStatus#PUT_OK} only once
 * the target's flushed offset covers it, after a force that one flush thread runs for every waiter that arrived
 * meanwhile; or {@link PutStatus#FLUSH_DISK_TIMEOUT} ({@code syncFlushTimeout}, default 5000 ms: stored,
 * durability unconfirmed), also while the disk hangs. {@code waitStoreOk=false} completes {@code PUT_OK} at once
 * after waking the flush thread. See {@link GroupCommitter}.
 *
 * <p><b>Hand-over.</b> {@code handOver(successor)} first publishes the successor, then closes the engine:
 * <ul>
 *   <li>appends whose {@code onAppended} call got in before the close are this policy's: it forces until everything
 *       written when it saw the close is on disk, then completes each of them {@code PUT_OK} (covered) or
 *       {@code FLUSH_DISK_TIMEOUT} (its deadline passed first). None is passed to the successor, so none is
 *       acknowledged without a covering force - whatever the successor is. {@code handOver} returns when all of
 *       them are complete: normally one force, at most about {@code syncFlushTimeout} on a hung disk;</li>
 *   <li>calls that arrive once the close began (including one racing it: it takes its waiter back) go to the
 *       successor and get its promise; after {@code handOver(null)} (store closing) they get {@code PUT_OK} if the
 *       flushed offset covers them or no wait was asked, else {@code FLUSH_DISK_TIMEOUT}.</li>
 * </ul>
 * The instance can be attached again later; a fresh engine starts. Futures complete on the policy's thread.
 */
public final class SyncFlushPolicy extends HandOverFlushPolicy {

    public SyncFlushPolicy(FlushSettings settings) {
        super(FlushPolicies.SYNC_FLUSH, settings);
    }

    @Override
    FlushEngine start(FlushTarget target) {
        GroupCommitter engine = new GroupCommitter(target, this::settings);
        engine.start();
        return engine;
    }

    @Override
    CompletableFuture<PutStatus> afterClose(FlushTarget target, long nextOffset, boolean waitStoreOk) {
        boolean durable = !waitStoreOk || target.flushedOffset() >= nextOffset;
        return CompletableFuture.completedFuture(durable ? PutStatus.PUT_OK : PutStatus.FLUSH_DISK_TIMEOUT);
    }
}
