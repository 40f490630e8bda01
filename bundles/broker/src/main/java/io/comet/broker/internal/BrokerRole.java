package io.comet.broker.internal;

/**
 * Replication role of a broker ({@code brokerRole}, owned by the HA bundle's PID {@code comet.ha}; the broker's
 * copy of the HA service's role, see {@link Replication}).
 */
public enum BrokerRole {
    /** Master acknowledging before slaves copied. */
    ASYNC_MASTER,
    /** Master acknowledging after a slave copied (needs the HA bundle). */
    SYNC_MASTER,
    /** Read-only copy of a master (needs the HA bundle); refuses writes. */
    SLAVE;

    public boolean isSlave() {
        return this == SLAVE;
    }
}
