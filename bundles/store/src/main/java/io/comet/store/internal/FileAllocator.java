package io.comet.store.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates and maps the next commit-log file ahead of time on its own thread, so rolling to a new file inside the
 * append lock is a map lookup rather than file creation. When the file asked for was not prepared, it is created
 * on the spot.
 */
final class FileAllocator implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "comet-store-allocate");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Future<MappedFile>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Starts preparing {@code dir/fileName(fromOffset)} in the background. */
    void prepare(Path dir, long fromOffset, int size) {
        if (closed) {
            return;
        }
        pending.computeIfAbsent(fromOffset, k -> executor.submit(() -> MappedFile.open(dir, fromOffset, size)));
    }

    /** The file prepared for {@code fromOffset} when its preparation has finished, else null (never blocks). */
    MappedFile preparedOrNull(long fromOffset) {
        Future<MappedFile> f = pending.get(fromOffset);
        if (f == null || !f.isDone() || f.isCancelled()) {
            return null;
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    /** The file, prepared or created now. */
    MappedFile take(Path dir, long fromOffset, int size) {
        Future<MappedFile> f = pending.remove(fromOffset);
        if (f != null) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(false);
            } catch (ExecutionException e) {
                // fall through and create it here, reporting its own error if it fails again
            }
        }
        return MappedFile.open(dir, fromOffset, size);
    }

    /** Forgets prepared files at or past {@code offset} (after a truncation), deleting them. */
    void discardFrom(long offset) {
        pending.keySet().removeIf(k -> {
            if (k < offset) {
                return false;
            }
            Future<MappedFile> f = pending.get(k);
            try {
                if (f != null) {
                    f.get().destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // nothing was created
            }
            return true;
        });
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        for (Future<MappedFile> f : pending.values()) {
            try {
                f.get().destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // nothing was created
            }
        }
        pending.clear();
    }
}
