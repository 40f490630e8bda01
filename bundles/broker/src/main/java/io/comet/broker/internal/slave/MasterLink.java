package io.comet.broker.internal.slave;

import java.util.function.LongSupplier;

/**
 * What a slave knows about its master from its last metadata sync round: the master's broker address and whether
 * that round reached it. The pull path asks {@link #reachable()} to decide where to send consumers next
 * ({@code suggestWhichBrokerId}): back to the master while it is reachable, to this slave while it is not.
 */
public final class MasterLink {
    /** A successful round older than this no longer counts (several rounds missed). */
    static final long STALE_NANOS = 10_000_000_000L;

    private final LongSupplier nanoClock;
    private volatile String address;
    private volatile long reachedAt;
    private volatile boolean reached;

    public MasterLink() {
        this(System::nanoTime);
    }

    MasterLink(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A round reached the master at {@code masterAddress} and finished the hand-over of offsets. */
    void reached(String masterAddress) {
        address = masterAddress;
        reachedAt = nanoClock.getAsLong();
        reached = true;
    }

    /** A round did not reach a master (none registered, refused, timed out), or the broker is no longer a slave. */
    void lost() {
        reached = false;
    }

    /** True while the last round reached the master, and recently. */
    public boolean reachable() {
        return reached && nanoClock.getAsLong() - reachedAt < STALE_NANOS;
    }

    /** The master's broker address of the last successful round, or null. */
    public String address() {
        return address;
    }
}
