package io.comet.flush.internal;

import io.comet.store.PutStatus;

import java.util.concurrent.CompletableFuture;

/**
 * The running part of a policy while it is attached to one target: its threads and its pending waiters.
 * {@link HandOverFlushPolicy} starts one per {@code attach} and closes it on {@code handOver}.
 */
interface FlushEngine {
    /**
     * Takes an append. Returns its future, or {@code null} once {@link #close()} has begun: the caller then
     * forwards the append to the successor. Never blocks.
     */
    CompletableFuture<PutStatus> submit(long nextOffset, boolean waitStoreOk);

    /** The settings changed: wake the threads so they apply them now rather than after their current wait. */
    void settingsChanged();

    /** True when {@code thread} is one of this engine's threads (closing from there would wait for itself). */
    boolean ownsThread(Thread thread);

    /**
     * Stops taking appends, does the final flush the policy promises and completes every waiter it took. Returns
     * when that is done (bounded: by the sync timeout for waiters, by a fixed bound for a hung final flush).
     */
    void close();
}
