package io.comet.ha;

/** RocketMQ's {@code brokerRole} values. */
public enum HaRole {
    /** Acknowledges sends without waiting for slaves; slaves copy in the background. */
    ASYNC_MASTER,
    /** Acknowledges a send only once the required slaves hold it (synchronous double write). */
    SYNC_MASTER,
    /** Copies its master's commit log and refuses writes. */
    SLAVE;

    /** True for ASYNC_MASTER and SYNC_MASTER. */
    public boolean isMaster() {
        return this != SLAVE;
    }

    /**
     * Parses a {@code brokerRole} value (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static HaRole parse(String value) {
        if (value != null) {
            String v = value.trim();
            for (HaRole r : values()) {
                if (r.name().equalsIgnoreCase(v)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("brokerRole=" + value
                + " is invalid, it must be one of ASYNC_MASTER, SYNC_MASTER, SLAVE");
    }
}
