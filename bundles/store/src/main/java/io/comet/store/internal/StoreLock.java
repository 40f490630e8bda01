package io.comet.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store folder's {@code lock} and {@code abort} files.
 *
 * <p>{@code lock}: an exclusive {@code FileChannel.tryLock(0, 1)} held while the store is open, so two processes
 * (or two stores in one JVM) never share a folder; the file holds the text "lock". {@code abort}: created when the
 * store opens (holding the process id) and deleted on a clean close; finding it at open means the last run
 * crashed.
 */
final class StoreLock implements AutoCloseable {
    private final Path abortFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean crashed;

    private StoreLock(Path abortFile, FileChannel channel, FileLock lock, boolean crashed) {
        this.abortFile = abortFile;
        this.channel = channel;
        this.lock = lock;
        this.crashed = crashed;
    }

    /** Locks {@code root}; throws {@link IllegalStateException} naming the folder when it is already in use. */
    static StoreLock acquire(Path root) {
        try {
            Files.createDirectories(root);
            FileChannel ch = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock(0, 1, false);
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new IllegalStateException("store already in use: " + root + " is locked by another store (lock file "
                        + root.resolve("lock") + ")");
            }
            ch.write(ByteBuffer.wrap("lock".getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
            Path abort = root.resolve("abort");
            boolean crashed = Files.exists(abort);
            return new StoreLock(abort, ch, l, crashed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock store folder " + root, e);
        }
    }

    /** Whether {@code abort} was present when the lock was taken (the last run did not close cleanly). */
    boolean crashed() { return crashed; }

    /** Creates {@code abort} with this process's id. */
    void markRunning() {
        try {
            Files.writeString(abortFile, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + abortFile, e);
        }
    }

    /** Deletes {@code abort}: the store closed cleanly. */
    void markClean() {
        try {
            Files.deleteIfExists(abortFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + abortFile, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process is letting go anyway
        }
    }
}
