package io.comet.config.internal;

import io.comet.config.ConfigException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread ({@code comet-config}) on which all configuration work runs, in submission order. Callers
 * either hand work over ({@link #submit}, {@link #schedule}) or wait for an answer ({@link #call}, bounded).
 */
final class SerialWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialWorker.class);
    static final long ANSWER_TIMEOUT_SECONDS = 30;

    /** Work that may fail; failures of handed-over work are logged. */
    interface Task {
        void run() throws Exception;
    }

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    SerialWorker() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "comet-config");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    boolean isWorkerThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} later on the worker; does nothing once closed. */
    void submit(Task task) {
        schedule(task, 0);
    }

    /** Runs {@code task} on the worker after {@code delayMillis}; does nothing once closed. */
    void schedule(Task task, long delayMillis) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.schedule(() -> runLogged(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Runs {@code task} on the worker (inline when already there) and returns its answer. */
    <T> T call(Callable<T> task) throws ConfigException {
        try {
            if (isWorkerThread()) {
                return task.call();
            }
            return executor.submit(task).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the configuration thread did not answer within "
                    + ANSWER_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the configuration thread", e);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the configuration service is stopped", e);
        } catch (Exception e) {
            return rethrow(e);
        }
    }

    private static void runLogged(Task task) {
        try {
            task.run();
        } catch (Exception | LinkageError e) {
            LOG.warn("Configuration work failed: {}", e.toString(), e);
        }
    }

    private static <T> T rethrow(Throwable t) throws ConfigException {
        if (t instanceof ConfigException c) {
            throw c;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException("configuration failed: " + t, t);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The configuration thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
