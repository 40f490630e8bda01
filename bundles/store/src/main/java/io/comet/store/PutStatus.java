package io.comet.store;

/** Outcome of an append, as RocketMQ's PutMessageStatus (the subset Comet produces). */
public enum PutStatus {
    PUT_OK,
    /** Stored, but the sync flush did not confirm within {@code syncFlushTimeout}. */
    FLUSH_DISK_TIMEOUT,
    /** Stored, but the required slaves did not confirm within the timeout. */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored, but no slave able to confirm is connected (or it fell too far behind). */
    SLAVE_NOT_AVAILABLE,
    /** Not stored: the store does not accept writes now (shutting down, slave, disk full). */
    SERVICE_NOT_AVAILABLE,
    /** Not stored: the message is malformed or too large. */
    MESSAGE_ILLEGAL,
    /** Not stored: properties longer than 32767 bytes. */
    PROPERTIES_SIZE_EXCEEDED,
    /** Not stored: a new commit-log file could not be created. */
    CREATE_MAPPED_FILE_FAILED,
    UNKNOWN_ERROR;

    /** True when the message is in the commit log (whatever its durability). */
    public boolean isStored() {
        return this == PUT_OK || this == FLUSH_DISK_TIMEOUT || this == FLUSH_SLAVE_TIMEOUT || this == SLAVE_NOT_AVAILABLE;
    }
}
