package io.comet.store;

import java.util.concurrent.CompletableFuture;

/**
 * When an append counts as durable. Implementations are DS components of the flush bundle registered with the
 * service property {@link #TYPE} ({@code SYNC_FLUSH} or {@code ASYNC_FLUSH}); the store binds the one its
 * configuration names and swaps them live.
 *
 * <p>Life cycle: {@link #attach} once, then any number of {@link #onAppended} calls from append threads, then
 * {@link #handOver}. After {@code handOver} returns, every future this policy gave out is complete or will be
 * completed by the successor, and late {@code onAppended} calls are forwarded to the successor, so a swap loses
 * no acknowledged message and fails no append.
 */
public interface FlushPolicy {
    /** Service property naming the policy: the {@code flushDiskType} value it implements. */
    String TYPE = "flushDiskType";

    /** Starts flushing {@code target}. */
    void attach(FlushTarget target);

    /**
     * Bytes up to {@code nextOffset} (exclusive) were appended. Returns a future completed with
     * {@link PutStatus#PUT_OK} once they are as durable as this policy promises, or
     * {@link PutStatus#FLUSH_DISK_TIMEOUT}. {@code waitStoreOk=false} (the message's WAIT property) asks for no
     * wait. Never blocks the caller.
     */
    CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk);

    /**
     * Stops this policy: completes (after a final flush where its promise needs one) or passes to
     * {@code successor} every pending waiter, then forwards later calls to it. {@code successor} is already
     * attached. A {@code null} successor means the store is closing: flush everything and complete all waiters.
     */
    void handOver(FlushPolicy successor);
}
