package io.comet.flush.internal;

import io.comet.store.FlushTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One flush of a target, as both policies do it: under the target's {@link FlushGate} lock, recording the
 * checkpoint time when the flushed offset moved, and logging (at most once a second) instead of throwing when the
 * store's flush fails, so a flush thread survives a bad disk and its waiters time out.
 *
 * <p>The checkpoint time passed to {@link FlushTarget#flushedUpTo} is the wall clock read just before the flush:
 * every message stored before that instant and already written is covered by the flush. The SPI gives the policy
 * no store timestamps, so a message whose timestamp was taken but whose bytes were not yet written may be newer
 * than claimed by the length of the store's append critical section; RocketMQ's recovery subtracts 3 s from the
 * checkpoint time, which absorbs it.
 */
final class FlushCall {
    private static final Logger LOG = LoggerFactory.getLogger(FlushCall.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final FlushTarget target;
    private final ReentrantLock gate;
    private final String owner;
    private long lastErrorLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;

    FlushCall(FlushTarget target, String owner) {
        this.target = target;
        this.gate = FlushGate.lockFor(target);
        this.owner = owner;
    }

    FlushTarget target() {
        return target;
    }

    /** Flushes with {@code leastPages}; returns the flushed offset afterwards (unchanged if the flush failed). */
    long flush(int leastPages) {
        gate.lock();
        try {
            long storeTime = System.currentTimeMillis();
            long before = target.flushedOffset();
            long after = target.flush(leastPages);
            if (after > before) {
                target.flushedUpTo(storeTime);
            }
            return after;
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastErrorLogNanos >= LOG_INTERVAL_NANOS) {
                lastErrorLogNanos = now;
                LOG.warn("{}: commit log flush failed, will retry", owner, e);
            }
            return target.flushedOffset();
        } finally {
            gate.unlock();
        }
    }
}
