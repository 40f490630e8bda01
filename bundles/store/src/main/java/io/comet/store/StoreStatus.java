package io.comet.store;

/**
 * A snapshot of the store's figures for operators.
 *
 * @param minPhyOffset first retained commit-log offset
 * @param maxPhyOffset commit-log end (written)
 * @param flushedOffset everything below is on disk
 * @param confirmOffset readers and dispatch stop here
 * @param dispatchedOffset consume queues and index are built up to here
 * @param flushPolicy the flush policy in force ({@code flushDiskType}, or "awaiting X" while X is not bound)
 * @param diskUsedRatio last measured disk usage of the commit-log partition, 0..1 (-1 before the first check)
 * @param writeable false when appends are refused (disk full, closed, a commit-log force failed)
 * @param commitLogFiles number of commit-log files
 */
public record StoreStatus(long minPhyOffset, long maxPhyOffset, long flushedOffset, long confirmOffset,
                          long dispatchedOffset, String flushPolicy, double diskUsedRatio, boolean writeable,
                          int commitLogFiles) {}
