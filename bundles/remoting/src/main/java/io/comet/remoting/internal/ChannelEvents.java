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
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelEventListener}s of an endpoint and the single thread that calls them, in event order, off the
 * event loops. A listener that throws is logged and does not stop the others.
 */
final class ChannelEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelEvents.class);

    private final List<ChannelEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;

    ChannelEvents(String name) {
        ThreadPoolExecutor t = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
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
            LOG.debug("Dropping {} for {}: endpoint is closing", what, channel);
        }
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
