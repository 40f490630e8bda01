package io.comet.store.internal;

import io.comet.common.MessageSysFlag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The key index: a sequence of {@link IndexFile}s in {@code index/}, the newest one written by dispatch. Indexed
 * per message: UNIQ_KEY and each space-separated KEYS entry, as {@code topic#key}; rolled-back transactions are
 * not indexed. A new file starts when the current one is full, its begin values taken from the previous file's
 * end values. Replays are idempotent: messages below the newest file's end offset are skipped, a key already
 * indexed at the same offset is not written again (a message torn by a crash between two of its keys), and
 * lookups report each offset once.
 *
 * <p>Lookups and writes hold the read lock; deleting or closing files holds the write lock, so a file is never
 * unmapped under a reader.
 */
final class IndexService {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneId.systemDefault());

    private final Path dir;
    private final int slots;
    private final int maxItems;
    private final Clock clock;
    private final CopyOnWriteArrayList<IndexFile> files = new CopyOnWriteArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    IndexService(Path dir, int slots, int maxItems, Clock clock) {
        this.dir = dir;
        this.slots = slots;
        this.maxItems = maxItems;
        this.clock = clock;
    }

    void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("\\d{17}")).sorted().forEach(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path p : paths) {
            files.add(IndexFile.open(p, slots, maxItems));
        }
    }

    /** Commit-log offset up to which messages are indexed (or passed). */
    long endPhyOffset() {
        IndexFile f = last();
        return f == null ? 0 : f.endPhyOffset();
    }

    long endTimestamp() {
        IndexFile f = last();
        return f == null ? 0 : f.endTimestamp();
    }

    private IndexFile last() {
        List<IndexFile> l = files;
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    /** Indexes one dispatched message. */
    void put(DispatchRequest r) {
        lock.readLock().lock();
        try {
            IndexFile f = last();
            long end = r.physicalOffset() + r.size();
            if (f != null && end <= f.endPhyOffset()) {
                return;
            }
            if (MessageSysFlag.transactionType(r.sysFlag()) == MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
                if (f != null) {
                    f.passed(end, r.storeTimestamp());
                }
                return;
            }
            if (r.uniqKey() != null && !r.uniqKey().isEmpty()) {
                f = putKey(f, r.topic() + '#' + r.uniqKey(), r);
            }
            String keys = r.keys();
            if (keys != null && !keys.isEmpty()) {
                int start = 0;
                int n = keys.length();
                while (start < n) {
                    int sp = keys.indexOf(' ', start);
                    int stop = sp < 0 ? n : sp;
                    if (stop > start) {
                        f = putKey(f, r.topic() + '#' + keys.substring(start, stop), r);
                    }
                    start = stop + 1;
                }
            }
            if (f == null) {
                f = roll(null, r);
            }
            f.passed(end, r.storeTimestamp());
        } finally {
            lock.readLock().unlock();
        }
    }

    private IndexFile putKey(IndexFile f, String key, DispatchRequest r) {
        if (f == null || f.isFull()) {
            f = roll(f, r);
        }
        if (!f.put(key, r.physicalOffset(), r.storeTimestamp())) {
            f = roll(f, r);
            f.put(key, r.physicalOffset(), r.storeTimestamp());
        }
        return f;
    }

    private IndexFile roll(IndexFile previous, DispatchRequest r) {
        long now = clock.millis();
        Path p = dir.resolve(NAME.format(Instant.ofEpochMilli(now)));
        while (Files.exists(p)) {
            now++;
            p = dir.resolve(NAME.format(Instant.ofEpochMilli(now)));
        }
        IndexFile f = IndexFile.open(p, slots, maxItems);
        if (previous != null) {
            f.seed(previous.endTimestamp(), previous.endPhyOffset());
            previous.flush();
        } else {
            f.seed(r.storeTimestamp(), r.physicalOffset());
        }
        files.add(f);
        return f;
    }

    /**
     * Offsets of messages whose {@code topic#key} hashes match, stored in [begin, end], newest files first, each
     * offset once (a message indexed again after a crash, or in two files, is still one message).
     */
    List<Long> query(String topic, String key, int max, long begin, long end) {
        Set<Long> out = new LinkedHashSet<>();
        String k = topic + '#' + key;
        lock.readLock().lock();
        try {
            List<IndexFile> l = files;
            for (int i = l.size() - 1; i >= 0 && out.size() < max; i--) {
                IndexFile f = l.get(i);
                if (f.overlaps(begin, end)) {
                    f.select(k, max, begin, end, out);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return new ArrayList<>(out);
    }

    /** After the commit log was cut at {@code phyOffset}: drop files starting past it, lower the last end. */
    void truncate(long phyOffset) {
        lock.writeLock().lock();
        try {
            for (int i = files.size() - 1; i >= 0; i--) {
                IndexFile f = files.get(i);
                if (f.beginPhyOffset() >= phyOffset) {
                    files.remove(i);
                    f.destroy();
                } else {
                    f.cutEnd(phyOffset);
                    f.flush();
                    break;
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes files whose messages are all below {@code minPhys} (never the newest). Returns files deleted. */
    int deleteExpired(long minPhys) {
        int n = 0;
        lock.writeLock().lock();
        try {
            while (files.size() > 1 && files.get(0).endPhyOffset() <= minPhys) {
                files.remove(0).destroy();
                n++;
            }
        } finally {
            lock.writeLock().unlock();
        }
        return n;
    }

    void flush() {
        lock.readLock().lock();
        try {
            IndexFile f = last();
            if (f != null) {
                f.flush();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    int fileCount() {
        return files.size();
    }

    void destroyAll() {
        lock.writeLock().lock();
        try {
            for (IndexFile f : files) {
                f.destroy();
            }
            files.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    void close() {
        lock.writeLock().lock();
        try {
            for (IndexFile f : files) {
                f.flush();
                f.close();
            }
            files.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
