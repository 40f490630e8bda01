package io.comet.store;

import io.comet.common.MessageRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A RocketMQ-compatible message store: commit log, consume queues, index, recovery and retention. Registered as
 * an OSGi service by the store bundle. All methods are thread-safe. Appends never block the caller on the disk:
 * they return a future that the flush policy in force (and later replication) completes.
 */
public interface MessageStore {

    /**
     * Appends one message. The future completes with the offsets and a {@link PutStatus}: PUT_OK once the flush
     * policy considers it durable, FLUSH_DISK_TIMEOUT when it did not confirm in time (stored anyway),
     * SERVICE_NOT_AVAILABLE (not stored: closed, disk full), MESSAGE_ILLEGAL or PROPERTIES_SIZE_EXCEEDED (not
     * stored: too large). Never completes exceptionally for these outcomes.
     */
    CompletableFuture<PutResult> putMessage(MessageRecord message);

    /**
     * Appends messages of one topic and queue as consecutive entries with consecutive queue offsets, in one file.
     * The result names the first entry and counts all of them.
     */
    CompletableFuture<PutResult> putMessages(List<MessageRecord> batch);

    /**
     * Reads up to {@code maxCount} messages (at least one, then at most {@code maxBytes} in total) of a consume
     * queue from {@code offset}, keeping those {@code filter} accepts. Never throws for offsets out of range: the
     * status and {@link GetResult#nextBeginOffset()} say where to continue.
     *
     * @param group consumer group (informational, may be null)
     */
    GetResult getMessages(String group, String topic, int queueId, long offset, int maxCount, int maxBytes,
                          TagFilter filter);

    /** The whole entry at a commit-log offset (from an offset message id), or empty when none is there. */
    Optional<StoredSlice> lookupMessage(long physicalOffset);

    /**
     * Messages of {@code topic} whose KEYS contain {@code key} or whose unique key equals it, stored between
     * {@code beginTimestamp} and {@code endTimestamp} (ms, inclusive), newest first, at most {@code maxCount}.
     */
    QueryResult queryMessage(String topic, String key, int maxCount, long beginTimestamp, long endTimestamp);

    /**
     * The first queue offset whose message was stored at or after {@code timestamp}; the max offset when all
     * are older; the min offset when all are newer; 0 for an unknown queue.
     */
    long offsetInQueueByTime(String topic, int queueId, long timestamp);

    /** First retained queue offset (0 for an unknown queue). */
    long minOffsetInQueue(String topic, int queueId);

    /** One past the last readable queue offset (0 for an unknown queue). */
    long maxOffsetInQueue(String topic, int queueId);

    /** Store time of the message at a queue offset, or -1 when it is not readable. */
    long storeTimestampAt(String topic, int queueId, long queueOffset);

    /** Store time of the queue's oldest retained message, or -1 when none. */
    long earliestMessageTime(String topic, int queueId);

    /** Store time of the oldest retained message of the commit log, or -1 when empty. */
    long earliestMessageTime();

    /** First retained commit-log offset. */
    long minPhyOffset();

    /** Commit-log end: the offset the next entry is written at. */
    long maxPhyOffset();

    /** Raw commit-log bytes from {@code offset} to the end of its file's written (and confirmed) data, at most
     * {@code maxBytes}; empty when nothing is there. For replication (a master sending to its slave). */
    Optional<StoredSlice> readCommitLog(long offset, int maxBytes);

    /** Dispatch and reads stop here. By default it follows the commit-log end; see {@link #confirmOffset(long)}. */
    long confirmOffset();

    /**
     * Sets the confirmed offset (replication moves it); a negative value returns to the default (following the
     * commit-log end).
     */
    void confirmOffset(long offset);

    /**
     * Appends raw commit-log bytes at {@code offset}, which must equal {@link #maxPhyOffset()} (a slave copying
     * its master byte for byte); the bytes may end inside an entry. Dispatch builds consume queues and index from
     * whole entries. Throws {@link IllegalArgumentException} when the offset does not match.
     */
    void appendRaw(long offset, ByteBuffer bytes);

    /**
     * Drops every commit-log byte from {@code offset} on, and the consume-queue and index entries pointing there.
     * {@code offset} must be an entry boundary (a replication peer's confirmed offset), not below
     * {@link #minPhyOffset()} and not beyond {@link #maxPhyOffset()}; otherwise {@link IllegalArgumentException}.
     */
    void truncateTo(long offset);

    /**
     * Deletes the consume queues of {@code topics} (mqadmin deleteTopic); their commit-log entries stay until
     * retention removes them, and the topics' queue offsets start again at 0.
     */
    void deleteTopics(java.util.Set<String> topics);

    void addArrivingListener(MessageArrivingListener listener);

    void removeArrivingListener(MessageArrivingListener listener);

    /** The crash-safe JSON files of {@code config/}. */
    ConfigFiles configFiles();

    StoreStatus storeStatus();
}
