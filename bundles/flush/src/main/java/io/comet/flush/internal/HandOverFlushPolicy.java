package io.comet.flush.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The life cycle both policies share: attach, take appends, hand over, forward late calls, and be attached again
 * later (the store keeps every policy service bound and may switch back and forth, so one instance sees
 * {@code attach -> handOver -> attach -> ...}).
 *
 * <p>State is two volatile fields read without locks on the append path: the running {@link FlushEngine} (set
 * while attached) and the successor (set by {@code handOver}, before the engine closes). An append that reaches
 * a closing engine gets {@code null} back and goes to the successor, so every call is served either by this
 * policy's promise or by the successor's. After {@code handOver(null)} the successor is an internal closed
 * policy that answers from the target's flushed offset ({@link #afterClose}).
 *
 * <p>One store at a time: {@code attach} while attached throws {@link IllegalStateException}. Lifecycle calls
 * ({@code attach}, {@code handOver}, {@link #release}) are serialized on a private lock; {@code onAppended} never
 * takes it.
 */
public abstract class HandOverFlushPolicy implements FlushPolicy {
    private final String type;
    private final Object lifecycle = new Object();
    private volatile FlushSettings settings;
    private volatile FlushEngine engine;
    private volatile FlushPolicy successor;
    private FlushTarget attachedTarget; // guarded by lifecycle
    private boolean released;

    protected HandOverFlushPolicy(String type, FlushSettings settings) {
        this.type = type;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The {@code flushDiskType} this policy implements. */
    public final String type() {
        return type;
    }

    /** The settings in force (one volatile read). */
    public final FlushSettings settings() {
        return settings;
    }

    /** Replaces the settings; the running engine applies them from its next round. Pending waiters stay. */
    public final void apply(FlushSettings newSettings) {
        settings = Objects.requireNonNull(newSettings, "settings");
        FlushEngine running = engine;
        if (running != null) {
            running.settingsChanged();
        }
    }

    /** True between {@code attach} and {@code handOver}. */
    public final boolean isAttached() {
        return engine != null;
    }

    /** Starts the engine for {@code target}. */
    abstract FlushEngine start(FlushTarget target);

    /** Answer to an append that arrives after {@code handOver(null)}: the store is closing. */
    abstract CompletableFuture<PutStatus> afterClose(FlushTarget target, long nextOffset, boolean waitStoreOk);

    @Override
    public final void attach(FlushTarget target) {
        Objects.requireNonNull(target, "target");
        synchronized (lifecycle) {
            if (released) {
                throw new IllegalStateException(type + " flush policy was released by its service registration;"
                        + " get a new instance from the service");
            }
            if (engine != null) {
                throw new IllegalStateException(type + " flush policy is already attached to a store; a policy"
                        + " instance serves one store at a time: reference FlushPolicy with"
                        + " scope=PROTOTYPE_REQUIRED so each store gets its own instance");
            }
            engine = start(target);
            attachedTarget = target;
            successor = null; // after engine is set: a reader that finds neither re-reads the engine
        }
    }

    @Override
    public final CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
        while (true) {
            FlushEngine running = engine;
            if (running != null) {
                CompletableFuture<PutStatus> result = running.submit(nextOffset, waitStoreOk);
                if (result != null) {
                    return result;
                }
            }
            FlushPolicy next = successor;
            if (next != null) {
                return next.onAppended(nextOffset, waitStoreOk);
            }
            if (running == null && engine == null) {
                throw new IllegalStateException(type + " flush policy is not attached to a store: onAppended("
                        + nextOffset + ") before attach");
            }
            // raced with attach: the engine is set now, read it again
        }
    }

    @Override
    public final void handOver(FlushPolicy next) {
        if (next == this) {
            throw new IllegalArgumentException(type + " flush policy cannot hand over to itself");
        }
        if (next instanceof HandOverFlushPolicy policy && !policy.isAttached()) {
            throw new IllegalArgumentException(type + " flush policy: successor " + policy.type()
                    + " must be attached before handOver");
        }
        synchronized (lifecycle) {
            closeLocked(next);
        }
    }

    /**
     * The service registration let go of this instance. If the store never handed it over, do what
     * {@code handOver(null)} does so no waiter is left and no thread keeps running; later attaches are refused.
     */
    public final void release() {
        synchronized (lifecycle) {
            released = true;
            if (engine != null) {
                closeLocked(null);
            }
        }
    }

    private void closeLocked(FlushPolicy next) {
        FlushEngine running = engine;
        if (running == null) {
            throw new IllegalStateException(type + " flush policy is not attached: handOver without attach"
                    + " (or a second handOver)");
        }
        if (running.ownsThread(Thread.currentThread())) {
            throw new IllegalStateException(type + " flush policy: handOver called from its own flush thread"
                    + " (a future callback); it would wait for itself. Complete callbacks asynchronously.");
        }
        successor = next != null ? next : new ClosedPolicy(attachedTarget); // before close: late calls find it
        running.close();
        engine = null;
    }

    /** The successor after {@code handOver(null)}: the store is closing and nothing flushes any more. */
    private final class ClosedPolicy implements FlushPolicy {
        private final FlushTarget target;

        ClosedPolicy(FlushTarget target) {
            this.target = target;
        }

        @Override
        public void attach(FlushTarget ignored) {
            throw new IllegalStateException("closed " + type + " flush policy cannot be attached");
        }

        @Override
        public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
            return afterClose(target, nextOffset, waitStoreOk);
        }

        @Override
        public void handOver(FlushPolicy ignored) {
            // nothing runs
        }
    }
}
