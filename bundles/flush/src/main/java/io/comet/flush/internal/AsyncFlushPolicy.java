package io.comet.flush.internal;

import io.comet.flush.FlushPolicies;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;

import java.util.concurrent.CompletableFuture;

/**
 * {@code ASYNC_FLUSH}: an append completes {@link PutStatus#PUT_OK} at once (it is in the page cache); a background
 * thread flushes every {@code flushIntervalCommitLog} ms when at least {@code flushCommitLogLeastPages} pages are
 * dirty, and whatever is dirty every {@code flushCommitLogThoroughInterval} ms. With {@code flushCommitLogTimed}
 * the thread sleeps the whole interval; without it, it waits and an append wakes it when
 * {@code wakeFlushWhenPutMessage} is set. See {@link IntervalFlusher}.
 *
 * <p><b>Hand-over.</b> {@code handOver(successor)} publishes the successor, then stops the thread after a last full
 * flush of everything written so far (retried as RocketMQ's shutdown does), so when it returns every append this
 * policy acknowledged is on disk (unless the disk fails or hangs: it waits at most 10 s). Calls that arrive once
 * the close began go to the successor - to {@code SYNC_FLUSH} they wait for its force. After
 * {@code handOver(null)} late calls get {@code PUT_OK}, the ASYNC_FLUSH promise. The instance can be attached
 * again later.
 */
public final class AsyncFlushPolicy extends HandOverFlushPolicy {

    public AsyncFlushPolicy(FlushSettings settings) {
        super(FlushPolicies.ASYNC_FLUSH, settings);
    }

    @Override
    FlushEngine start(FlushTarget target) {
        IntervalFlusher engine = new IntervalFlusher(target, this::settings);
        engine.start();
        return engine;
    }

    @Override
    CompletableFuture<PutStatus> afterClose(FlushTarget target, long nextOffset, boolean waitStoreOk) {
        return CompletableFuture.completedFuture(PutStatus.PUT_OK);
    }
}
