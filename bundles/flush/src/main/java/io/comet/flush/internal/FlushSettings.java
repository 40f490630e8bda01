package io.comet.flush.internal;

import io.comet.flush.FlushPolicies;

/**
 * The flush tunables, immutable. A policy holds one instance behind a volatile field; {@code @Modified} replaces
 * it as a whole, so a flush thread reads one consistent set per round and append threads read no configuration.
 *
 * @param syncFlushTimeoutMs       SYNC_FLUSH: longest wait for a covering force before FLUSH_DISK_TIMEOUT
 * @param flushIntervalMs          ASYNC_FLUSH: period between flush attempts
 * @param leastPages               ASYNC_FLUSH: dirty 4 KiB pages needed for a periodic flush
 * @param thoroughIntervalMs       ASYNC_FLUSH: period of flushes with least-pages 0
 * @param timed                    ASYNC_FLUSH: sleep the whole period (appends never wake the thread)
 * @param wakeOnPut                ASYNC_FLUSH: appends wake a non-timed wait
 */
public record FlushSettings(long syncFlushTimeoutMs, int flushIntervalMs, int leastPages, int thoroughIntervalMs,
                            boolean timed, boolean wakeOnPut) {

    /** RocketMQ's defaults. */
    public static final FlushSettings DEFAULTS = new FlushSettings(5000L, 500, 4, 10_000, true, false);

    /** Validates every value; the message names the RocketMQ key, the value and what is valid. */
    public FlushSettings {
        requireAtLeast(FlushPolicies.SYNC_FLUSH_TIMEOUT, syncFlushTimeoutMs, 1);
        requireAtLeast(FlushPolicies.FLUSH_INTERVAL_COMMIT_LOG, flushIntervalMs, 1);
        requireAtLeast(FlushPolicies.FLUSH_COMMIT_LOG_LEAST_PAGES, leastPages, 0);
        requireAtLeast(FlushPolicies.FLUSH_COMMIT_LOG_THOROUGH_INTERVAL, thoroughIntervalMs, 0);
    }

    /** Reads a DS configuration of PID {@code comet.flush}. */
    public static FlushSettings from(FlushConfig config) {
        return new FlushSettings(config.syncFlushTimeout(), config.flushIntervalCommitLog(),
                config.flushCommitLogLeastPages(), config.flushCommitLogThoroughInterval(),
                config.flushCommitLogTimed(), config.wakeFlushWhenPutMessage());
    }

    /** True when an append should wake the ASYNC_FLUSH thread (only a non-timed wait can be woken). */
    public boolean appendWakesFlusher() {
        return wakeOnPut && !timed;
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(FlushPolicies.PID + ": " + key + "=" + value
                    + " is invalid, it must be an integer >= " + min);
        }
    }
}
