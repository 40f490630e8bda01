package io.comet.flush.internal;

import io.comet.store.PutStatus;

import java.util.concurrent.CompletableFuture;

/** A SYNC_FLUSH append waiting for a force that covers {@link #nextOffset}. */
final class FlushWaiter {
    final long nextOffset;
    final long enqueuedNanos;
    final CompletableFuture<PutStatus> future = new CompletableFuture<>();

    FlushWaiter(long nextOffset, long enqueuedNanos) {
        this.nextOffset = nextOffset;
        this.enqueuedNanos = enqueuedNanos;
    }
}
