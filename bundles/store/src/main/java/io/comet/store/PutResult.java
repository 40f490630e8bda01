package io.comet.store;

/**
 * Outcome of an append (single message or batch).
 *
 * @param status what happened; see {@link PutStatus#isStored()}
 * @param physicalOffset commit-log offset of the (first) entry, -1 when not stored
 * @param wroteBytes bytes written (all entries of a batch)
 * @param queueOffset consume-queue offset of the (first) message, -1 when not stored
 * @param messageCount messages written (1, or the batch size)
 * @param storeTimestamp store time assigned to the messages
 * @param msgId offset message id(s): one id, or the ids of a batch joined by commas; {@code null} when not stored
 */
public record PutResult(PutStatus status, long physicalOffset, int wroteBytes, long queueOffset, int messageCount,
                        long storeTimestamp, String msgId) {

    /** A result for an append that stored nothing. */
    public static PutResult failed(PutStatus status) {
        return new PutResult(status, -1, 0, -1, 0, 0, null);
    }

    /** The same result with another status (flush or replication outcome). */
    public PutResult withStatus(PutStatus newStatus) {
        return newStatus == status ? this
                : new PutResult(newStatus, physicalOffset, wroteBytes, queueOffset, messageCount, storeTimestamp, msgId);
    }

    /** Commit-log offset just past the last written entry. */
    public long nextOffset() {
        return physicalOffset + wroteBytes;
    }
}
