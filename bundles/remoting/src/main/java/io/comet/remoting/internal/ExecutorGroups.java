package io.comet.remoting.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The request thread pools of a server: one bounded pool per configured group name plus {@value #DEFAULT}.
 * A processor registered under a group that was not configured runs on the default pool. A full queue rejects
 * the task (the dispatcher answers SYSTEM_BUSY). Threads start on demand and end after a minute idle.
 */
final class ExecutorGroups {
    static final String DEFAULT = "default";

    private final Map<String, ThreadPoolExecutor> pools = new HashMap<>();
    private final ThreadPoolExecutor defaultPool;

    ExecutorGroups(String serverName, Map<String, Integer> threads, int defaultThreads, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("executor queue capacity must be at least 1, got " + queueCapacity);
        }
        threads.forEach((group, n) -> pools.put(group, newPool(serverName, group, n, queueCapacity)));
        defaultPool = pools.computeIfAbsent(DEFAULT, g -> newPool(serverName, g, defaultThreads, queueCapacity));
    }

    private static ThreadPoolExecutor newPool(String server, String group, Integer threads, int capacity) {
        if (threads == null || threads < 1) {
            throw new IllegalArgumentException("executor group '" + group + "' of server '" + server
                    + "' needs at least 1 thread, got " + threads);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), new NamedThreadFactory("comet-" + server + "-" + group));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The pool of {@code group}, or the default pool when no such group is configured. */
    ExecutorService get(String group) {
        ThreadPoolExecutor pool = group == null ? null : pools.get(group);
        return pool == null ? defaultPool : pool;
    }

    /** Stops accepting work, lets queued work finish for up to {@code waitMillis}, then interrupts the rest. */
    void shutdown(long waitMillis) {
        pools.values().forEach(ThreadPoolExecutor::shutdown);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (ThreadPoolExecutor pool : pools.values()) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !pool.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
    }
}
