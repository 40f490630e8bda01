package io.comet.flush.internal;

import io.comet.store.FlushTarget;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per {@link FlushTarget}, shared by every policy instance of this bundle. {@code FlushTarget.flush} is
 * safe from one thread at a time, but during a hand-over two policies flush the same target: the successor is
 * already attached while the outgoing one does its final flush. Each flush call therefore runs under the
 * target's lock. Targets are held weakly, so a closed store's entry goes away with it.
 */
final class FlushGate {
    private static final Map<FlushTarget, ReentrantLock> LOCKS = new WeakHashMap<>();

    private FlushGate() {
    }

    /** The lock every flush of {@code target} must hold. */
    static ReentrantLock lockFor(FlushTarget target) {
        synchronized (LOCKS) {
            return LOCKS.computeIfAbsent(target, t -> new ReentrantLock());
        }
    }
}
