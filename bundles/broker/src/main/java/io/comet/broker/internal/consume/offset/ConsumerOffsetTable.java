package io.comet.broker.internal.consume.offset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.comet.common.DataVersion;
import io.comet.store.ConfigFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Committed consumer offsets ("next offset to consume") per group, topic and queue, persisted in
 * {@code config/consumerOffset.json}.
 *
 * <p>File format (fastjson-compatible; readers accept quoted or unquoted numeric keys):
 * {@code {"dataVersion":{...},"offsetTable":{"TopicTest@groupA":{"0":250,"1":251}}}}: key {@code topic@group},
 * inner key the queue id, value the next offset to consume. The same JSON is the body of GET_ALL_CONSUMER_OFFSET.
 *
 * <p>Commits are lock-free map writes and mark the table dirty; {@link #persistIfDirty()} (every 5 s and at
 * shutdown) saves it. The last pulled offset per queue is kept in memory only (consume statistics).
 */
public final class ConsumerOffsetTable {
    public static final String FILE = "consumerOffset.json";
    private static final char SEP = '@';

    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> offsets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> pulled = new ConcurrentHashMap<>();
    private final ConfigFiles files;
    private final LongSupplier clock;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile DataVersion dataVersion;

    /** The file's shape. */
    public record Wrapper(Map<String, Map<Integer, Long>> offsetTable, DataVersion dataVersion) {
        @JsonCreator
        public Wrapper(@JsonProperty("offsetTable") Map<String, Map<Integer, Long>> offsetTable,
                       @JsonProperty("dataVersion") DataVersion dataVersion) {
            this.offsetTable = offsetTable == null ? Map.of() : offsetTable;
            this.dataVersion = dataVersion;
        }
    }

    public ConsumerOffsetTable(ConfigFiles files, LongSupplier clock) {
        this.files = files;
        this.clock = clock;
        Wrapper loaded = files.load(FILE, Wrapper.class).orElse(null);
        if (loaded != null) {
            loaded.offsetTable().forEach((key, queues) -> {
                if (key.indexOf(SEP) > 0 && queues != null) {
                    ConcurrentHashMap<Integer, Long> m = new ConcurrentHashMap<>();
                    queues.forEach((q, o) -> {
                        if (q != null && o != null) {
                            m.put(q, o);
                        }
                    });
                    offsets.put(key, m);
                }
            });
        }
        dataVersion = loaded != null && loaded.dataVersion() != null ? loaded.dataVersion()
                : DataVersion.initial(clock.getAsLong());
    }

    /** The key of a group's offsets of a topic: {@code topic@group}. */
    public static String key(String topic, String group) {
        return topic + SEP + group;
    }

    /** Stores {@code offset} as the group's next offset of the queue. */
    public void commit(String group, String topic, int queueId, long offset) {
        commit(key(topic, group), queueId, offset);
    }

    /** {@link #commit(String, String, int, long)} by {@link #key}. */
    public void commit(String key, int queueId, long offset) {
        offsets.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(queueId, offset);
        dirty.set(true);
    }

    /**
     * Stores {@code offset} unless the queue already has a larger one (a slave handing back what consumers
     * committed on it while the master was away must not move a newer commit back).
     */
    public void commitIfGreater(String key, int queueId, long offset) {
        offsets.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).merge(queueId, offset, Math::max);
        dirty.set(true);
    }

    /**
     * Takes over a master's table (slave metadata sync): every entry becomes the master's, entries the master
     * does not have are dropped, and then each entry of {@code keep} (offsets consumers committed on this slave
     * that the master may not hold yet) wins where it is larger. Saved with the next {@link #persistIfDirty()}.
     */
    public synchronized void adopt(Wrapper master, Map<String, Map<Integer, Long>> keep) {
        Map<String, ConcurrentHashMap<Integer, Long>> next = new java.util.HashMap<>();
        master.offsetTable().forEach((key, queues) -> {
            if (key != null && key.indexOf(SEP) > 0 && queues != null) {
                ConcurrentHashMap<Integer, Long> m = new ConcurrentHashMap<>();
                queues.forEach((q, o) -> {
                    if (q != null && o != null) {
                        m.put(q, o);
                    }
                });
                next.put(key, m);
            }
        });
        keep.forEach((key, queues) -> queues.forEach((q, o) ->
                next.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).merge(q, o, Math::max)));
        if (offsets.equals(next)) {
            return;
        }
        offsets.keySet().retainAll(next.keySet());
        offsets.putAll(next);
        if (master.dataVersion() != null) {
            dataVersion = master.dataVersion();
        }
        dirty.set(true);
    }

    /** The committed offset, or -1 when the group has none for the queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> m = offsets.get(key(topic, group));
        Long o = m == null ? null : m.get(queueId);
        return o == null ? -1 : o;
    }

    /** Remembers where the group's last pull of the queue ended (for consume statistics), by {@link #key}. */
    public void pulled(String key, int queueId, long nextOffset) {
        pulled.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(queueId, nextOffset);
    }

    /** Where the group's last pull of the queue ended, or -1. */
    public long pulledOffset(String group, String topic, int queueId) {
        Map<Integer, Long> m = pulled.get(key(topic, group));
        Long o = m == null ? null : m.get(queueId);
        return o == null ? -1 : o;
    }

    /** Topics the group has committed offsets for, sorted. */
    public Set<String> topicsOf(String group) {
        Set<String> out = new TreeSet<>();
        String suffix = SEP + group;
        for (String k : offsets.keySet()) {
            if (k.endsWith(suffix) && k.length() > suffix.length()) {
                out.add(k.substring(0, k.length() - suffix.length()));
            }
        }
        return out;
    }

    /** Groups with committed offsets for {@code topic}, sorted. */
    public Set<String> groupsOf(String topic) {
        Set<String> out = new TreeSet<>();
        String prefix = topic + SEP;
        for (String k : offsets.keySet()) {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.add(k.substring(prefix.length()));
            }
        }
        return out;
    }

    /** Forgets every offset of {@code group}. */
    public void removeGroup(String group) {
        String suffix = SEP + group;
        List<String> gone = new ArrayList<>();
        for (String k : offsets.keySet()) {
            if (k.endsWith(suffix)) {
                gone.add(k);
            }
        }
        gone.forEach(offsets::remove);
        gone.forEach(pulled::remove);
        if (!gone.isEmpty()) {
            dirty.set(true);
        }
    }

    /** A sorted copy in the file's shape. */
    public Wrapper snapshot() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        offsets.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return new Wrapper(copy, dataVersion);
    }

    /** Saves the table if a commit happened since the last save; returns whether it saved. */
    public synchronized boolean persistIfDirty() {
        if (!dirty.getAndSet(false)) {
            return false;
        }
        try {
            dataVersion = dataVersion.next(Math.max(clock.getAsLong(), dataVersion.timestamp()));
            files.save(FILE, snapshot());
            return true;
        } catch (RuntimeException e) {
            dirty.set(true);
            throw e;
        }
    }
}
