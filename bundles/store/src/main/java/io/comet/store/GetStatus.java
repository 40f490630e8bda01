package io.comet.store;

/** Outcome of a read by queue offset, as RocketMQ's GetMessageStatus. */
public enum GetStatus {
    /** Messages returned. */
    FOUND,
    /** Entries were read but the filter matched none (or their bytes are gone); continue at the next offset. */
    NO_MATCHED_MESSAGE,
    /** The entries at the offset could not be read (file deleted meanwhile); continue at the next offset. */
    OFFSET_FOUND_NULL,
    /** Offset beyond the queue's end. */
    OFFSET_OVERFLOW_BADLY,
    /** Offset equal to the queue's end: nothing new yet (long polling waits here). */
    OFFSET_OVERFLOW_ONE,
    /** Offset below the queue's first retained entry (retention moved it); continue at the min offset. */
    OFFSET_TOO_SMALL,
    /** No such consume queue (topic/queue never received a message here). */
    NO_MATCHED_LOGIC_QUEUE,
    /** The queue exists but holds no message. */
    NO_MESSAGE_IN_QUEUE
}
