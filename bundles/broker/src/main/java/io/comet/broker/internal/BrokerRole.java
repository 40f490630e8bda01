package io.comet.broker.internal;

/** Replication role of a broker ({@code brokerRole}). */
public enum BrokerRole {
    /** Master acknowledging before slaves copied. */
    ASYNC_MASTER,
    /** Master acknowledging after a slave copied (needs the HA bundle). */
    SYNC_MASTER,
    /** Read-only copy of a master (needs the HA bundle); refuses writes. */
    SLAVE;

    /** Parses a {@code brokerRole} value, naming the valid ones when it is not one of them. */
    public static BrokerRole parse(String value) {
        for (BrokerRole r : values()) {
            if (r.name().equals(value == null ? null : value.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("brokerRole=" + value + " is not one of ASYNC_MASTER, SYNC_MASTER, SLAVE");
    }

    public boolean isSlave() {
        return this == SLAVE;
    }
}
