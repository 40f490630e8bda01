package io.comet.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of equally sized {@link MappedFile}s that together hold one growing byte range (a commit log or a
 * consume queue). File names are the 20-digit start offsets; offsets are global, so offset / file size picks the
 * file and the remainder the position in it. Files are only ever removed from the head (retention) or the tail
 * (truncation).
 */
final class MappedFileQueue {
    private static final Pattern NAME = Pattern.compile("\\d{20}");

    private final Path dir;
    private final int fileSize;
    private final FileAllocator allocator;
    private final CopyOnWriteArrayList<MappedFile> files = new CopyOnWriteArrayList<>();

    /** @param allocator prepares the next file ahead of time; null to create files when needed */
    private volatile MappedFile.Forcer forcer = MappedFile.Forcer.DISK;

    MappedFileQueue(Path dir, int fileSize, FileAllocator allocator) {
        this.dir = dir;
        this.fileSize = fileSize;
        this.allocator = allocator;
    }

    Path dir() { return dir; }

    int fileSize() { return fileSize; }

    /**
     * Maps the existing files, marking each as fully written (recovery then sets the real end). Throws naming the
     * file when one has the wrong size or the offsets are not contiguous.
     */
    void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().forEach(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        long expected = -1;
        for (Path p : paths) {
            long from = Long.parseLong(p.getFileName().toString());
            if (from % fileSize != 0) {
                throw new IllegalStateException("file " + p + " does not start at a multiple of the file size " + fileSize);
            }
            if (expected >= 0 && from != expected) {
                throw new IllegalStateException("files in " + dir + " are not contiguous: " + p + " follows offset " + expected);
            }
            MappedFile f = MappedFile.open(dir, from, fileSize);
            f.wrotePosition(fileSize);
            f.flushedPosition(fileSize);
            files.add(f);
            expected = from + fileSize;
        }
    }

    List<MappedFile> files() { return files; }

    boolean isEmpty() { return files.isEmpty(); }

    MappedFile first() {
        List<MappedFile> l = files;
        return l.isEmpty() ? null : l.get(0);
    }

    MappedFile last() {
        List<MappedFile> l = files;
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    /**
     * The file to write at {@code offset}: the last one when it has room, else a new one starting at the next
     * file boundary (or at the boundary holding {@code offset} when the queue is empty).
     */
    MappedFile lastForWrite(long offset) {
        MappedFile last = last();
        if (last != null && !last.isFull()) {
            return last;
        }
        long from = last == null ? offset - offset % fileSize : last.fromOffset() + fileSize;
        MappedFile f = allocator != null ? allocator.take(dir, from, fileSize) : MappedFile.open(dir, from, fileSize);
        files.add(f);
        if (allocator != null) {
            allocator.prepare(dir, from + fileSize, fileSize);
        }
        return f;
    }

    /** The file holding {@code offset}, or null. */
    MappedFile find(long offset) {
        List<MappedFile> l = files;
        if (l.isEmpty()) {
            return null;
        }
        MappedFile first = l.get(0);
        if (offset < first.fromOffset()) {
            return null;
        }
        long idx = (offset - first.fromOffset()) / fileSize;
        if (idx >= l.size()) {
            return null;
        }
        MappedFile f = l.get((int) idx);
        return f.fromOffset() <= offset && offset < f.fromOffset() + fileSize ? f : null;
    }

    /** The file holding {@code offset}, or the file the allocator has prepared for it, or null. */
    MappedFile fileOrPrepared(long offset) {
        MappedFile f = find(offset);
        return f != null || allocator == null ? f : allocator.preparedOrNull(offset - offset % fileSize);
    }

    /** Offset of the first byte held (0 when empty). */
    long minOffset() {
        MappedFile f = first();
        return f == null ? 0 : f.fromOffset();
    }

    /** Offset just past the last written byte (0 when empty). */
    long maxOffset() {
        MappedFile f = last();
        return f == null ? 0 : f.fromOffset() + f.wrotePosition();
    }

    /** Sets the write end to {@code offset}, zeroing bytes after it in its file and deleting later files. */
    void truncateTo(long offset) {
        for (MappedFile f : files) {
            long end = f.fromOffset() + fileSize;
            if (end <= offset) {
                continue;
            }
            if (f.fromOffset() <= offset) {
                int pos = (int) (offset - f.fromOffset());
                if (!f.acquire()) { // maps it again if it was unmapped while idle
                    throw new IllegalStateException("cannot truncate " + f + ": it is being deleted");
                }
                try {
                    f.zeroFrom(pos, f.wrotePosition()); // loaded files count as written to their end
                    f.wrotePosition(pos);
                    f.flushedPosition(Math.min(f.flushedPosition(), pos));
                    f.forceAll();
                } finally {
                    f.release();
                }
            } else {
                files.remove(f);
                f.destroy();
            }
        }
        if (allocator != null) {
            allocator.discardFrom(offset - offset % fileSize + fileSize);
        }
    }

    /** Removes the first file (retention); it must not be the last. */
    void removeFirst(MappedFile f) {
        detachFirst(f);
        f.destroy();
    }

    /**
     * Takes the first file out of the queue without deleting it (it must not be the last), so the caller can
     * {@link MappedFile#destroy()} it outside its lock; readers that hold a slice keep it mapped until released.
     */
    void detachFirst(MappedFile f) {
        if (files.size() <= 1 || files.get(0) != f) {
            throw new IllegalStateException("only the first of several files can be removed: " + f);
        }
        files.remove(f);
    }

    /** Deletes every file (e.g. a consume queue whose topic is gone). */
    void destroyAll() {
        for (MappedFile f : files) {
            f.destroy();
        }
        files.clear();
    }

    /** Replaces what forces pages to disk (tests simulate disk errors with it). */
    void forcer(MappedFile.Forcer f) {
        forcer = f;
    }

    /** Forces dirty pages of every file with unflushed data; returns the flushed end offset. */
    long flush(int leastPages) {
        long end = 0;
        for (MappedFile f : files) {
            if (f.flushedPosition() < f.wrotePosition()) {
                f.flush(leastPages, forcer);
            }
            end = f.fromOffset() + f.flushedPosition();
            if (f.flushedPosition() < fileSize) {
                break;
            }
        }
        return end;
    }

    /**
     * Unmaps every file but the last that is full, flushed, unused for {@code idleNanos} and held by no reader
     * ({@link MappedFile#unmapIfIdle}); returns how many were unmapped now.
     */
    int unmapIdle(long idleNanos) {
        List<MappedFile> l = List.copyOf(files); // retention may remove the head meanwhile
        int n = 0;
        for (int i = 0; i < l.size() - 1; i++) {
            if (l.get(i).unmapIfIdle(idleNanos)) {
                n++;
            }
        }
        return n;
    }

    /** Drops the owner's references without deleting (store closing). */
    void close() {
        for (MappedFile f : files) {
            f.close();
        }
        files.clear();
    }
}
