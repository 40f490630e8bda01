package io.comet.flush.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A wake-up signal for one waiting thread. {@link #signal()} is cheap when a signal is already pending (one CAS
 * read, no unpark), so append threads may call it per message. A signal given while the owner is busy is kept
 * and ends its next wait at once: the owner always runs one more round after the latest signal.
 */
final class Wakeup {
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Thread owner;

    /** Names the thread that waits; must be called by that thread before its first {@link #await}. */
    void bindOwner(Thread thread) {
        owner = thread;
    }

    /** Wakes the owner, or makes its next {@link #await} return at once. */
    void signal() {
        if (!pending.get() && pending.compareAndSet(false, true)) {
            Thread thread = owner;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** True when a signal was given and not yet consumed. */
    boolean isPending() {
        return pending.get();
    }

    /**
     * Waits up to {@code nanos} for a signal. Returns true (and consumes the signal) if one was given, false on
     * timeout. Interrupts are ignored: these threads are stopped by flags, not interrupts.
     */
    boolean await(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (!pending.compareAndSet(true, false)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
            Thread.interrupted();
        }
        return true;
    }
}
