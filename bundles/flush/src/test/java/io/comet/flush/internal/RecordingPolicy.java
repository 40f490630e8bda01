package io.comet.flush.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A successor that records the calls forwarded to it and answers with a status of its own. */
final class RecordingPolicy implements FlushPolicy {
    final List<Long> offsets = new CopyOnWriteArrayList<>();
    final PutStatus answer;

    RecordingPolicy(PutStatus answer) {
        this.answer = answer;
    }

    @Override
    public void attach(FlushTarget target) {
    }

    @Override
    public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
        offsets.add(nextOffset);
        return CompletableFuture.completedFuture(answer);
    }

    @Override
    public void handOver(FlushPolicy successor) {
    }
}
