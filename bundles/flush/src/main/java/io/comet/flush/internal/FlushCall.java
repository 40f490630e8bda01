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
 * <p>The checkpoint time passed to {@link FlushTarget#flushedUpTo} is the wall clock read just before the written
 * offset is sampled, and it is passed only when the flush reached that offset (a flush that stopped at a file end
 * records nothing). So every message written by then is on disk. The SPI gives the policy no store timestamps: a
 * message stamped just before that instant but still inside the store's append critical section may be missed, a
 * window of microseconds that RocketMQ's recovery absorbs (it starts from the checkpoint time minus 3 s). A store
 * that tracks exact times may keep the older of the two.
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
            long writtenBefore = target.writtenOffset();
            long flushedBefore = target.flushedOffset();
            long after = target.flush(leastPages);
            if (after > flushedBefore && after >= writtenBefore) {
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
