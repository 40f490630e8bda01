package io.comet.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size file mapped whole into memory, named by the 20-digit, zero-padded decimal offset of its first
 * byte ({@link #fileName(long)}). The file is created sparse at its full size; bytes past {@link #wrotePosition()}
 * are zeros or leftovers that recovery ignores.
 *
 * <p>Life: the owner (its {@link MappedFileQueue}) holds one reference; readers {@link #acquire()} one per slice
 * they hand out and {@link #release()} it. {@link #destroy()} deletes the file and drops the owner's reference;
 * the mapping is released when the last reference goes, never while a slice is in flight.
 *
 * <p>Writers use absolute puts on {@link #buffer()} under their own lock and publish by advancing the volatile
 * {@link #wrotePosition}; readers see only bytes below it.
 *
 * <p>Memory: every page written or read through the mapping counts in the broker's resident set (as
 * {@code RssFile}) for as long as the file stays mapped. {@link #unmapIfIdle} lets a file that is full, flushed
 * and held by no reader give its mapping back (the data stays on disk and in the OS page cache); the next
 * {@link #acquire()} maps it again. While unmapping, the reference count is parked at {@value #PARKED} under this
 * object's monitor, so no reference can be taken or dropped meanwhile.
 */
final class MappedFile {
    static final int PAGE = 4096;
    /** Reference count while {@link #unmapIfIdle} drops the mapping: {@link #acquire()} waits it out. */
    static final int PARKED = Integer.MIN_VALUE;

    private final Path path;
    private final long fromOffset;
    private final int size;
    private final FileChannel channel;
    /** Null only while unmapped by {@link #unmapIfIdle}; then no reference but the owner's is held. */
    private volatile MappedByteBuffer buffer;
    /** {@link System#nanoTime()} of the last {@link #acquire()}; racy on purpose, only a hint for unmapping. */
    private long lastUse = System.nanoTime();
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile int wrotePosition;
    private volatile int flushedPosition;
    private volatile boolean destroyed;

    private MappedFile(Path path, long fromOffset, int size, FileChannel channel, MappedByteBuffer buffer) {
        this.path = path;
        this.fromOffset = fromOffset;
        this.size = size;
        this.channel = channel;
        this.buffer = buffer;
    }

    /** 20-digit zero-padded decimal name of a file starting at {@code offset}. */
    static String fileName(long offset) {
        return String.format("%020d", offset);
    }

    /** Opens (creating sparse if missing) {@code dir/fileName(fromOffset)} of exactly {@code size} bytes and maps it. */
    static MappedFile open(Path dir, long fromOffset, int size) {
        Path p = dir.resolve(fileName(fromOffset));
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                long len = ch.size();
                if (len != 0 && len != size) {
                    throw new IllegalStateException("file " + p + " is " + len + " bytes long, expected " + size
                            + " (was the mapped file size changed?)");
                }
                MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
                return new MappedFile(p, fromOffset, size, ch, buf);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + p, e);
        }
    }

    Path path() { return path; }

    long fromOffset() { return fromOffset; }

    int size() { return size; }

    /**
     * The whole mapping; only absolute gets/puts (its position is never moved). Callers hold a reference
     * ({@link #acquire()}) or write a file that is not yet full, so the mapping is there.
     */
    MappedByteBuffer buffer() { return buffer; }

    /** Whether the file is mapped now (false after {@link #unmapIfIdle} until the next {@link #acquire()}). */
    boolean isMapped() { return buffer != null; }

    int wrotePosition() { return wrotePosition; }

    void wrotePosition(int pos) { wrotePosition = pos; }

    int flushedPosition() { return flushedPosition; }

    void flushedPosition(int pos) { flushedPosition = pos; }

    boolean isFull() { return wrotePosition >= size; }

    boolean isDestroyed() { return destroyed; }

    /**
     * Takes a reference, mapping the file again if {@link #unmapIfIdle} had unmapped it; false when the file is
     * being destroyed (then do not read it).
     */
    boolean acquire() {
        for (;;) {
            int r = refs.get();
            if (r == PARKED) {
                Thread.onSpinWait(); // an unmap in progress: a few microseconds
                continue;
            }
            if (r <= 0 || destroyed) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                lastUse = System.nanoTime();
                if (buffer == null) {
                    remap();
                }
                return true;
            }
        }
    }

    private synchronized void remap() {
        if (buffer != null) {
            return;
        }
        try {
            buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (IOException | RuntimeException e) {
            release();
            throw new UncheckedIOException("cannot map " + path + " again", e instanceof IOException io
                    ? io : new IOException(e));
        }
    }

    /**
     * Unmaps the file when it is full, flushed to its end, not the writer's, held by nobody but its owner and not
     * acquired for {@code idleNanos}, so its pages leave the process's resident set. Data is untouched: the file
     * stays open and the next {@link #acquire()} maps it again.
     *
     * @return whether the mapping was dropped now
     */
    boolean unmapIfIdle(long idleNanos) {
        if (buffer == null || wrotePosition < size || flushedPosition < size
                || System.nanoTime() - lastUse < idleNanos) {
            return false;
        }
        synchronized (this) {
            if (destroyed || !refs.compareAndSet(1, PARKED)) {
                return false;
            }
            try {
                MappedByteBuffer b = buffer;
                buffer = null;
                Unmapper.unmap(b);
            } finally {
                refs.set(1);
            }
            return true;
        }
    }

    /** Drops a reference; the last one unmaps and closes. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            MappedByteBuffer b = buffer;
            buffer = null;
            if (b != null) {
                Unmapper.unmap(b);
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    /** References held (the owner's included). */
    int references() { return refs.get(); }

    /** A read-only view of {@code [pos, pos+len)}; the caller holds a reference. */
    ByteBuffer slice(int pos, int len) {
        return buffer.slice(pos, len).asReadOnlyBuffer();
    }

    /**
     * Forces written bytes to disk when at least {@code leastPages} pages are dirty (0: any). Returns the flushed
     * position afterwards, raised only when a force actually ran (not when it failed or the file is going away).
     * Callers serialise flushes with truncation (the commit log's flush lock).
     */
    int flush(int leastPages) {
        return flush(leastPages, Forcer.DISK);
    }

    /** Forces a range of the mapping to disk; throws when the disk reports an error. */
    interface Forcer {
        Forcer DISK = (buf, from, len) -> buf.force(from, len);

        void force(MappedByteBuffer buffer, int from, int length);
    }

    /** {@link #flush(int)} with {@code forcer} doing the force. */
    int flush(int leastPages, Forcer forcer) {
        int wrote = wrotePosition;
        int flushed = flushedPosition;
        if (wrote <= flushed) {
            return flushed;
        }
        if (leastPages > 0 && wrote < size && (wrote / PAGE - flushed / PAGE) < leastPages) {
            return flushed;
        }
        if (!acquire()) {
            return flushed; // being destroyed or closed: nothing was forced
        }
        try {
            int from = flushed - flushed % PAGE;
            forcer.force(buffer, from, wrote - from);
        } finally {
            release();
        }
        flushedPosition = wrote;
        return wrote;
    }

    /**
     * Zeroes bytes in {@code [pos, upTo)} (clipped to the file), so stale entries past a truncation point can never
     * look valid again, however many zero pages lie between them and {@code pos}. Only words that are not zero
     * yet are written, so untouched (sparse) pages stay unallocated.
     */
    void zeroFrom(int pos, int upTo) {
        int end = Math.min(size, upTo);
        int p = pos;
        while (p < end && p % 8 != 0) {
            buffer.put(p++, (byte) 0);
        }
        for (; p + 8 <= end; p += 8) {
            if (buffer.getLong(p) != 0) {
                buffer.putLong(p, 0);
            }
        }
        for (; p < end; p++) {
            if (buffer.get(p) != 0) {
                buffer.put(p, (byte) 0);
            }
        }
    }

    /** Forces the whole file (used at shutdown and after truncation). */
    void forceAll() {
        if (acquire()) {
            try {
                buffer.force();
            } finally {
                release();
            }
        }
    }

    /** Last modification time of the file on disk, ms (0 when it is gone). */
    long lastModified() {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Deletes the file and drops the owner's reference; the mapping goes once readers release theirs. */
    synchronized void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
        release();
    }

    /** Drops the owner's reference without deleting (store closing). */
    synchronized void close() {
        if (!destroyed) {
            destroyed = true;
            release();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
