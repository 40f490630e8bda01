package io.comet.store.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flush policy in force, behind one volatile reference: the append path reads it once per append and never
 * looks at configuration. A switch attaches the new policy, publishes it, then asks the old one to hand over its
 * waiters ({@link FlushPolicy#handOver}), so appends that still reach the old policy are forwarded and none is
 * lost. When the wanted policy is not bound, an {@link AwaitingFlushPolicy} holds the appends' futures until it is.
 */
final class FlushSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(FlushSwitch.class);

    private final FlushTarget target;
    private final long awaitTimeoutMs;
    private volatile FlushPolicy current;
    private volatile String name = "none";
    private volatile boolean sync;

    FlushSwitch(FlushTarget target, long awaitTimeoutMs, String wanted) {
        this.target = target;
        this.awaitTimeoutMs = awaitTimeoutMs;
        AwaitingFlushPolicy placeholder = new AwaitingFlushPolicy(wanted, awaitTimeoutMs);
        placeholder.attach(target);
        this.current = placeholder;
        this.name = placeholder.toString();
        this.sync = StoreSettings.SYNC_FLUSH.equals(wanted);
    }

    /** Hot path: hands the append to the policy in force. */
    CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
        return current.onAppended(nextOffset, waitStoreOk);
    }

    /** Makes {@code next} (of type {@code type}) the policy in force. */
    synchronized void use(FlushPolicy next, String type) {
        FlushPolicy old = current;
        if (old == next) {
            return;
        }
        next.attach(target);
        current = next;
        name = type;
        sync = StoreSettings.SYNC_FLUSH.equals(type);
        old.handOver(next);
        LOG.info("flush policy {} in force (was {})", type, old instanceof AwaitingFlushPolicy ? old : "another policy");
    }

    /** The wanted policy of type {@code type} is not bound: hold appends until it is. */
    synchronized void await(String type) {
        if (current instanceof AwaitingFlushPolicy a && a.wanted().equals(type)) {
            return;
        }
        use(new AwaitingFlushPolicy(type, awaitTimeoutMs), "awaiting " + type);
        sync = StoreSettings.SYNC_FLUSH.equals(type);
    }

    /**
     * Whether SYNC_FLUSH is in force or awaited: then only flushed bytes are confirmed (dispatched, readable),
     * as acknowledged appends are exactly the flushed ones.
     */
    boolean syncFlush() {
        return sync;
    }

    /** Whether {@code p} is the policy in force. */
    boolean isCurrent(FlushPolicy p) {
        return current == p;
    }

    /** Name of the policy in force (its flushDiskType, or "awaiting X"). */
    String name() { return name; }

    /** Store closing: the policy in force flushes and completes all its waiters. */
    synchronized void close() {
        FlushPolicy old = current;
        AwaitingFlushPolicy closed = new AwaitingFlushPolicy("none (closed)", awaitTimeoutMs);
        closed.attach(target); // late appends are answered after a covering force, never PUT_OK without one
        closed.handOver(null);
        current = closed;
        name = "closed";
        try {
            old.handOver(null);
        } catch (RuntimeException e) {
            LOG.error("flush policy failed while handing over at close (waiters it held time out)", e);
        }
    }
}
