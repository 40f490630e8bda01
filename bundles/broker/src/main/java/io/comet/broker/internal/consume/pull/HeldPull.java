package io.comet.broker.internal.consume.pull;

import io.comet.store.TagFilter;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pull parked by long polling: it waits for a message at or after {@code offset} of its queue that passes its
 * tag filter, or for its deadline; whichever comes first {@link #claim() claims} it and runs {@code rerun} once, on
 * {@code executor} (its connection's I/O thread: the re-run pull writes its answer without another thread hop) or,
 * when that is null or refuses, on the long-polling service's own threads.
 */
final class HeldPull {
    final String topic;
    final int queueId;
    final long offset;
    final TagFilter filter;
    final Runnable rerun;
    final Executor executor;
    private final AtomicBoolean done = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;

    HeldPull(String topic, int queueId, long offset, TagFilter filter, Runnable rerun) {
        this(topic, queueId, offset, filter, rerun, null);
    }

    HeldPull(String topic, int queueId, long offset, TagFilter filter, Runnable rerun, Executor executor) {
        this.executor = executor;
        this.topic = topic;
        this.queueId = queueId;
        this.offset = offset;
        this.filter = filter;
        this.rerun = rerun;
    }

    /** True for the first caller only. */
    boolean claim() {
        return done.compareAndSet(false, true);
    }

    boolean isDone() {
        return done.get();
    }

    /** Whether a message at {@code logicOffset} with {@code tagsCode} should wake this pull. */
    boolean wantedBy(long logicOffset, long tagsCode) {
        return logicOffset >= offset && filter.matches(tagsCode);
    }
}
