package io.comet.broker.internal.consume.offset;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offsets consumers committed on this broker while it is a SLAVE (clients commit to the slave when their route has
 * no master), kept until the master holds them: the slave's metadata sync hands each one to the master before it
 * takes over the master's offset table, so a commit made while the master was away survives its return.
 *
 * <p>Memory only: a slave restarted while its master is away forgets what it has not handed over yet (its own
 * {@code consumerOffset.json} still has the offsets, but the next sync replaces them with the master's).
 */
public final class SlaveCommits {
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> pending = new ConcurrentHashMap<>();

    /** Remembers a commit of {@code offset} for the queue (key {@code topic@group}); the latest commit wins. */
    public void record(String key, int queueId, long offset) {
        pending.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(queueId, offset);
    }

    /** A sorted copy: key {@code topic@group} to queue id to offset. */
    public Map<String, Map<Integer, Long>> snapshot() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        pending.forEach((k, v) -> {
            if (!v.isEmpty()) {
                copy.put(k, new TreeMap<>(v));
            }
        });
        return copy;
    }

    /** Forgets the commit once the master holds it, unless a newer commit of the queue arrived meanwhile. */
    public void handedOver(String key, int queueId, long offset) {
        ConcurrentHashMap<Integer, Long> m = pending.get(key);
        if (m != null) {
            m.remove(queueId, offset);
            if (m.isEmpty()) {
                pending.remove(key, m);
            }
        }
    }

    public boolean isEmpty() {
        return pending.values().stream().allMatch(Map::isEmpty);
    }
}
