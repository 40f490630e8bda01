package io.comet.config.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the synchroniser when the properties file may have changed: a {@link WatchService} on the file's folder
 * (events for the file, or an overflow, start a debounce: the check runs once the file has been quiet for the
 * debounce time), plus a slow poll in case the platform's watch service misses events (network file systems,
 * some containers). Checks run on the synchroniser's thread; a check of an unchanged file costs one read.
 */
final class FileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final Path file;
    private final Runnable check;
    private final ScheduledExecutorService executor;
    private final long debounceMillis;
    private final WatchService watchService;
    private final Thread thread;
    private final ScheduledFuture<?> poll;
    private ScheduledFuture<?> pending;
    private volatile boolean closed;

    /**
     * Starts watching.
     *
     * @param check          what to run when the file may have changed
     * @param executor       where {@code check} runs (the synchroniser's single thread)
     * @param debounceMillis quiet time after the last event before checking
     * @param pollMillis     period of the fallback poll
     * @param watchEvents    false to rely on the poll alone (for file systems without change events)
     */
    FileWatcher(Path file, Runnable check, ScheduledExecutorService executor, long debounceMillis, long pollMillis,
                boolean watchEvents) throws IOException {
        this.file = file.toAbsolutePath();
        this.check = check;
        this.executor = executor;
        this.debounceMillis = debounceMillis;
        if (watchEvents) {
            this.watchService = FileSystems.getDefault().newWatchService();
            this.file.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            this.thread = new Thread(this::watch, "comet-config-watch");
            this.thread.setDaemon(true);
            this.thread.start();
        } else {
            this.watchService = null;
            this.thread = null;
        }
        this.poll = executor.scheduleWithFixedDelay(this::safeCheck, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    private void watch() {
        Path name = file.getFileName();
        while (!closed) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context())) {
                    relevant = true;
                }
            }
            key.reset();
            if (relevant) {
                debounce();
            }
        }
    }

    private synchronized void debounce() {
        if (closed) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pending = executor.schedule(this::safeCheck, debounceMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the synchroniser is closing
        }
    }

    private void safeCheck() {
        try {
            check.run();
        } catch (RuntimeException e) {
            LOG.warn("Checking {} failed: {}", file, e.toString(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        poll.cancel(false);
        synchronized (this) {
            if (pending != null) {
                pending.cancel(false);
            }
        }
        if (watchService == null) {
            return;
        }
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service of {}: {}", file, e.toString());
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
