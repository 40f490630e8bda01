package io.comet.flush;

/**
 * Names shared by the flush bundle and its users: the configuration PID, its RocketMQ key names and the two
 * {@code flushDiskType} values. The policies themselves are services registered under
 * {@code io.comet.store.FlushPolicy} with the service property {@code flushDiskType} set to
 * {@link #SYNC_FLUSH} or {@link #ASYNC_FLUSH}.
 *
 * <p>Both services are prototype-scoped: a store that references them with
 * {@code @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED)} gets its own policy instance, so several brokers
 * in one framework never share one. A policy instance serves one store at a time; a second {@code attach} while
 * attached is refused with an {@link IllegalStateException}.
 */
public final class FlushPolicies {
    /** Configuration PID read by both policies (and by the store for {@link #FLUSH_DISK_TYPE}). */
    public static final String PID = "comet.flush";

    /** {@code flushDiskType}: which policy the store uses. */
    public static final String FLUSH_DISK_TYPE = "flushDiskType";
    /** Group commit: an append completes once a force covers it. */
    public static final String SYNC_FLUSH = "SYNC_FLUSH";
    /** Interval flush: an append completes once it is in the page cache. RocketMQ's default. */
    public static final String ASYNC_FLUSH = "ASYNC_FLUSH";

    /** {@code syncFlushTimeout} (ms, default 5000): longest SYNC_FLUSH wait before FLUSH_DISK_TIMEOUT. */
    public static final String SYNC_FLUSH_TIMEOUT = "syncFlushTimeout";
    /** {@code flushIntervalCommitLog} (ms, default 500): ASYNC_FLUSH period. */
    public static final String FLUSH_INTERVAL_COMMIT_LOG = "flushIntervalCommitLog";
    /** {@code flushCommitLogLeastPages} (default 4): dirty 4 KiB pages needed for a periodic flush. */
    public static final String FLUSH_COMMIT_LOG_LEAST_PAGES = "flushCommitLogLeastPages";
    /** {@code flushCommitLogThoroughInterval} (ms, default 10000): period of flushes that ignore least-pages. */
    public static final String FLUSH_COMMIT_LOG_THOROUGH_INTERVAL = "flushCommitLogThoroughInterval";
    /** {@code flushCommitLogTimed} (default true): sleep the whole period instead of a wakeable wait. */
    public static final String FLUSH_COMMIT_LOG_TIMED = "flushCommitLogTimed";
    /** {@code wakeFlushWhenPutMessage} (default false): an append wakes a non-timed ASYNC_FLUSH wait. */
    public static final String WAKE_FLUSH_WHEN_PUT_MESSAGE = "wakeFlushWhenPutMessage";

    private FlushPolicies() {
    }
}
