package io.comet.remoting.internal;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code prefix-N}, so thread dumps show which server and group they serve. They are Netty
 * {@link FastThreadLocalThread}s: Netty's per-thread state (pooled-buffer caches, recyclers of write tasks) and
 * the JSON header reader's scratch space are then an array index away instead of a {@code ThreadLocal} map
 * lookup, on the event loops and on the request threads that write responses. Netty clears that state when
 * such a thread ends.
 */
final class NamedThreadFactory implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    NamedThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new FastThreadLocalThread(r, prefix + "-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
