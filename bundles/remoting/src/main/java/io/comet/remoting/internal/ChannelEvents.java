package io.comet.remoting.internal;

import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.RemotingChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelEventListener}s of an endpoint and the single thread that calls them, in event order, off the
 * event loops. A listener that throws is logged and does not stop the others. At most {@value #CAPACITY} events
 * wait (by default); further ones are dropped and logged (the first, then every 1000th), so slow listeners cannot
 * make the queue grow without limit.
 */
final class ChannelEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelEvents.class);

    /** Events that may wait for the listener thread. */
    static final int CAPACITY = 10_000;

    private final List<ChannelEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;
    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();

    ChannelEvents(String name) {
        this(name, CAPACITY);
    }

    ChannelEvents(String name, int capacity) {
        this.capacity = capacity;
        ThreadPoolExecutor t = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(capacity),
                new NamedThreadFactory("comet-" + name + "-events"));
        t.allowCoreThreadTimeOut(true);
        this.thread = t;
    }

    AutoCloseable add(ChannelEventListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void connected(RemotingChannel channel) {
        fire(channel, ChannelEventListener::onConnect, "onConnect");
    }

    void closed(RemotingChannel channel) {
        fire(channel, ChannelEventListener::onClose, "onClose");
    }

    void idle(RemotingChannel channel) {
        fire(channel, ChannelEventListener::onIdle, "onIdle");
    }

    private void fire(RemotingChannel channel, BiConsumer<ChannelEventListener, RemotingChannel> event, String what) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> {
                for (ChannelEventListener l : listeners) {
                    try {
                        event.accept(l, channel);
                    } catch (RuntimeException e) {
                        LOG.warn("Channel listener {}.{} failed for {}", l, what, channel, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            if (thread.isShutdown()) {
                LOG.debug("Dropping {} for {}: endpoint is closing", what, channel);
                return;
            }
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("Dropping {} for {}: listeners are behind by more than {} events ({} dropped so far)",
                        what, channel, capacity, n);
            }
        }
    }

    /** Events dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    /** Runs queued events for up to {@code waitMillis}, then stops the thread. */
    void shutdown(long waitMillis) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
