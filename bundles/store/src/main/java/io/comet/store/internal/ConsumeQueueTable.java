package io.comet.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/** All consume queues under {@code consumequeue/}: {@code <topic>/<queueId>/<20-digit files>}. */
final class ConsumeQueueTable {
    private final Path root;
    private final int fileSize;
    private final ConcurrentMap<String, ConcurrentMap<Integer, ConsumeQueue>> queues = new ConcurrentHashMap<>();

    ConsumeQueueTable(Path root, int fileSize) {
        this.root = root;
        this.fileSize = fileSize;
    }

    /** Maps every queue found on disk. */
    void load() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> topics = Files.list(root)) {
            for (Path t : (Iterable<Path>) topics::iterator) {
                if (!Files.isDirectory(t)) {
                    continue;
                }
                try (Stream<Path> ids = Files.list(t)) {
                    for (Path q : (Iterable<Path>) ids::iterator) {
                        String name = q.getFileName().toString();
                        if (Files.isDirectory(q) && name.matches("\\d+")) {
                            ConsumeQueue cq = findOrCreate(t.getFileName().toString(), Integer.parseInt(name));
                            cq.load();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list consume queues in " + root, e);
        }
    }

    ConsumeQueue find(String topic, int queueId) {
        ConcurrentMap<Integer, ConsumeQueue> m = queues.get(topic);
        return m == null ? null : m.get(queueId);
    }

    ConsumeQueue findOrCreate(String topic, int queueId) {
        ConsumeQueue cq = find(topic, queueId);
        if (cq != null) {
            return cq;
        }
        return queues.computeIfAbsent(topic, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(queueId, k -> new ConsumeQueue(root, topic, queueId, fileSize));
    }

    List<ConsumeQueue> all() {
        List<ConsumeQueue> out = new ArrayList<>();
        for (ConcurrentMap<Integer, ConsumeQueue> m : queues.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    /** Highest commit-log end referenced by any queue. */
    long maxPhysicOffset() {
        long max = 0;
        for (ConsumeQueue cq : all()) {
            max = Math.max(max, cq.maxPhysicOffset());
        }
        return max;
    }

    void recover() {
        for (ConsumeQueue cq : all()) {
            cq.recover();
        }
    }

    void truncateDirty(long phyOffset) {
        for (ConsumeQueue cq : all()) {
            cq.truncateDirty(phyOffset);
        }
    }

    void correctMinOffsets(long minPhys) {
        for (ConsumeQueue cq : all()) {
            cq.correctMinOffset(minPhys);
        }
    }

    int deleteExpired(long minPhys) {
        int n = 0;
        for (ConsumeQueue cq : all()) {
            n += cq.deleteExpired(minPhys);
        }
        return n;
    }

    void flush(int leastPages) {
        for (ConsumeQueue cq : all()) {
            cq.flush(leastPages);
        }
    }

    /** Deletes the queues of {@code topic} and their folder. */
    void removeTopic(String topic) {
        ConcurrentMap<Integer, ConsumeQueue> m = queues.remove(topic);
        if (m == null) {
            return;
        }
        for (ConsumeQueue cq : m.values()) {
            cq.destroy();
        }
        Path t = root.resolve(topic);
        try (Stream<Path> s = Files.walk(t)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete consume queues of " + topic + " in " + t, e);
        }
    }

    /** Deletes every queue (the commit log is empty). */
    void destroyAll() {
        for (ConsumeQueue cq : all()) {
            cq.destroy();
        }
        queues.clear();
    }

    void close() {
        for (ConsumeQueue cq : all()) {
            cq.close();
        }
        queues.clear();
    }
}
