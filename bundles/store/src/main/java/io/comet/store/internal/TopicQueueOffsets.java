package io.comet.store.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The next consume-queue offset of every topic/queue, assigned on the append path. Guarded by the commit log's
 * append lock: not thread-safe on its own. Lookups allocate nothing (topic string -> array indexed by queue id).
 */
final class TopicQueueOffsets {
    private final Map<String, long[]> next = new HashMap<>();

    /** The next offset of the queue (0 for a new one). */
    long get(String topic, int queueId) {
        long[] q = next.get(topic);
        return q == null || queueId >= q.length ? 0 : q[queueId];
    }

    /** Sets the next offset of the queue. */
    void set(String topic, int queueId, long value) {
        long[] q = next.get(topic);
        if (q == null || queueId >= q.length) {
            long[] grown = new long[Math.max(queueId + 1, q == null ? 8 : q.length * 2)];
            if (q != null) {
                System.arraycopy(q, 0, grown, 0, q.length);
            }
            q = grown;
            next.put(topic, q);
        }
        q[queueId] = value;
    }

    /** Raises the next offset to at least {@code value}. */
    void advanceTo(String topic, int queueId, long value) {
        if (get(topic, queueId) < value) {
            set(topic, queueId, value);
        }
    }

    /** Forgets a topic: its queues start again at 0. */
    void remove(String topic) {
        next.remove(topic);
    }

    void clear() {
        next.clear();
    }
}
