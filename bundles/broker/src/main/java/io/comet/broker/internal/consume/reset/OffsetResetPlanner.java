package io.comet.broker.internal.consume.reset;

import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Works out and applies a group's new offsets of a topic's queues for a reset by time.
 *
 * <p>Per queue: the target is the first offset stored at or after {@code timestamp} (the store's
 * {@code offsetInQueueByTime}), or the queue's max offset when {@code timestamp} is -1; a negative answer counts as
 * 0. The group moves to the target when {@code force} is set, when it has no committed offset for the queue, or
 * when the target is below its committed offset (RocketMQ's rule: without force a reset only rewinds); otherwise it
 * keeps its committed offset. {@link #apply} stores the new offsets as the group's committed offsets.
 */
public final class OffsetResetPlanner {
    /** The timestamp that means "the queue's end" (RocketMQ's {@code -1}). */
    public static final long LATEST = -1;

    private final MessageStore store;
    private final ConsumerOffsetTable offsets;

    public OffsetResetPlanner(MessageStore store, ConsumerOffsetTable offsets) {
        this.store = store;
        this.offsets = offsets;
    }

    /** The new offset of each queue {@code 0..queues-1}, in queue order. */
    public Map<Integer, Long> plan(String group, String topic, int queues, long timestamp, boolean force) {
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (int q = 0; q < queues; q++) {
            out.put(q, planQueue(group, topic, q, timestamp, force));
        }
        return out;
    }

    /** The new offset of one queue for a reset by time. */
    public long planQueue(String group, String topic, int queueId, long timestamp, boolean force) {
        long target = timestamp == LATEST ? store.maxOffsetInQueue(topic, queueId)
                : store.offsetInQueueByTime(topic, queueId, timestamp);
        target = Math.max(0, target);
        long committed = offsets.query(group, topic, queueId);
        return force || committed < 0 || target < committed ? target : committed;
    }

    /**
     * Checks that {@code offset} lies within the queue ({@code min..max}); returns null when it does, else what is
     * wrong.
     */
    public String checkOffset(String topic, int queueId, long offset) {
        long min = store.minOffsetInQueue(topic, queueId);
        long max = store.maxOffsetInQueue(topic, queueId);
        if (offset < min || offset > max) {
            return String.format("Target offset %d not in consume queue range [%d-%d] of %s:%d", offset, min, max,
                    topic, queueId);
        }
        return null;
    }

    /** Stores the planned offsets as the group's committed offsets of {@code topic}. */
    public void apply(String group, String topic, Map<Integer, Long> planned) {
        planned.forEach((q, offset) -> offsets.commit(group, topic, q, offset));
    }
}
