package io.comet.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The store's settings, named and defaulted as RocketMQ's MessageStoreConfig keys. Built with {@link #builder()};
 * the DS component fills it from the {@code comet.store} and {@code comet.flush} configurations.
 */
public final class StoreSettings {
    public static final String ASYNC_FLUSH = "ASYNC_FLUSH";
    public static final String SYNC_FLUSH = "SYNC_FLUSH";

    private final Path storePathRootDir;
    private final Path storePathCommitLog;
    private final int mappedFileSizeCommitLog;
    private final int mappedFileSizeConsumeQueue;
    private final int fileReservedTime;
    private final String deleteWhen;
    private final int diskMaxUsedSpaceRatio;
    private final int diskSpaceCleanForciblyRatio;
    private final int diskSpaceWarningLevelRatio;
    private final boolean cleanFileForciblyEnable;
    private final int deleteFileBatchMax;
    private final long cleanResourceInterval;
    private final int maxMessageSize;
    private final boolean messageIndexEnable;
    private final int maxHashSlotNum;
    private final int maxIndexNum;
    private final boolean checkCRCOnRecover;
    private final long flushIntervalConsumeQueue;
    private final String flushDiskType;
    private final long syncFlushTimeout;

    private StoreSettings(Builder b) {
        this.storePathRootDir = Objects.requireNonNull(b.storePathRootDir, "storePathRootDir");
        this.storePathCommitLog = b.storePathCommitLog != null ? b.storePathCommitLog : b.storePathRootDir.resolve("commitlog");
        this.mappedFileSizeCommitLog = positive("mappedFileSizeCommitLog", b.mappedFileSizeCommitLog, 4096);
        int cq = positive("mappedFileSizeConsumeQueue", b.mappedFileSizeConsumeQueue, 20);
        this.mappedFileSizeConsumeQueue = cq - cq % 20;
        this.fileReservedTime = positive("fileReservedTime", b.fileReservedTime, 0);
        this.deleteWhen = Objects.requireNonNull(b.deleteWhen, "deleteWhen");
        this.diskMaxUsedSpaceRatio = Math.max(10, Math.min(95, b.diskMaxUsedSpaceRatio));
        this.diskSpaceCleanForciblyRatio = ratio("diskSpaceCleanForciblyRatio", b.diskSpaceCleanForciblyRatio);
        this.diskSpaceWarningLevelRatio = ratio("diskSpaceWarningLevelRatio", b.diskSpaceWarningLevelRatio);
        this.cleanFileForciblyEnable = b.cleanFileForciblyEnable;
        this.deleteFileBatchMax = positive("deleteFileBatchMax", b.deleteFileBatchMax, 1);
        this.cleanResourceInterval = positive("cleanResourceInterval", b.cleanResourceInterval, 1);
        this.maxMessageSize = positive("maxMessageSize", b.maxMessageSize, 1);
        this.messageIndexEnable = b.messageIndexEnable;
        this.maxHashSlotNum = positive("maxHashSlotNum", b.maxHashSlotNum, 1);
        this.maxIndexNum = positive("maxIndexNum", b.maxIndexNum, 2);
        this.checkCRCOnRecover = b.checkCRCOnRecover;
        this.flushIntervalConsumeQueue = positive("flushIntervalConsumeQueue", b.flushIntervalConsumeQueue, 1);
        if (!ASYNC_FLUSH.equals(b.flushDiskType) && !SYNC_FLUSH.equals(b.flushDiskType)) {
            throw new IllegalArgumentException("flushDiskType must be ASYNC_FLUSH or SYNC_FLUSH, not " + b.flushDiskType);
        }
        this.flushDiskType = b.flushDiskType;
        this.syncFlushTimeout = positive("syncFlushTimeout", b.syncFlushTimeout, 1);
    }

    private static long positive(String key, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + v);
        }
        return v;
    }

    private static int positive(String key, int v, int min) {
        return (int) positive(key, (long) v, (long) min);
    }

    private static int ratio(String key, int v) {
        if (v < 1 || v > 99) {
            throw new IllegalArgumentException(key + " must be a percentage 1..99, not " + v);
        }
        return v;
    }

    public static Builder builder() { return new Builder(); }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.storePathRootDir = storePathRootDir;
        b.storePathCommitLog = storePathCommitLog;
        b.mappedFileSizeCommitLog = mappedFileSizeCommitLog;
        b.mappedFileSizeConsumeQueue = mappedFileSizeConsumeQueue;
        b.fileReservedTime = fileReservedTime;
        b.deleteWhen = deleteWhen;
        b.diskMaxUsedSpaceRatio = diskMaxUsedSpaceRatio;
        b.diskSpaceCleanForciblyRatio = diskSpaceCleanForciblyRatio;
        b.diskSpaceWarningLevelRatio = diskSpaceWarningLevelRatio;
        b.cleanFileForciblyEnable = cleanFileForciblyEnable;
        b.deleteFileBatchMax = deleteFileBatchMax;
        b.cleanResourceInterval = cleanResourceInterval;
        b.maxMessageSize = maxMessageSize;
        b.messageIndexEnable = messageIndexEnable;
        b.maxHashSlotNum = maxHashSlotNum;
        b.maxIndexNum = maxIndexNum;
        b.checkCRCOnRecover = checkCRCOnRecover;
        b.flushIntervalConsumeQueue = flushIntervalConsumeQueue;
        b.flushDiskType = flushDiskType;
        b.syncFlushTimeout = syncFlushTimeout;
        return b;
    }

    /** Root folder ({@code ${user.home}/store}). */
    public Path storePathRootDir() { return storePathRootDir; }
    /** Commit-log folder (root/commitlog). */
    public Path storePathCommitLog() { return storePathCommitLog; }
    /** Bytes per commit-log file (1 GiB). */
    public int mappedFileSizeCommitLog() { return mappedFileSizeCommitLog; }
    /** Bytes per consume-queue file (300 000 x 20), rounded down to whole 20-byte units. */
    public int mappedFileSizeConsumeQueue() { return mappedFileSizeConsumeQueue; }
    /** Hours a commit-log file is kept after its last change (72). */
    public int fileReservedTime() { return fileReservedTime; }
    /** Hours of the day (";"-separated, "04") when expired files are deleted. */
    public String deleteWhen() { return deleteWhen; }
    /** Disk usage percentage above which expired files are deleted at any hour (75, clamped to 10..95). */
    public int diskMaxUsedSpaceRatio() { return diskMaxUsedSpaceRatio; }
    /** Disk usage percentage above which files are deleted regardless of age (85). */
    public int diskSpaceCleanForciblyRatio() { return diskSpaceCleanForciblyRatio; }
    /** Disk usage percentage above which appends are refused with SERVICE_NOT_AVAILABLE (90). */
    public int diskSpaceWarningLevelRatio() { return diskSpaceWarningLevelRatio; }
    /** Whether disk pressure may delete young files (true). */
    public boolean cleanFileForciblyEnable() { return cleanFileForciblyEnable; }
    /** Most commit-log files deleted per cleaning run (10). */
    public int deleteFileBatchMax() { return deleteFileBatchMax; }
    /** Milliseconds between cleaning runs (10 000). */
    public long cleanResourceInterval() { return cleanResourceInterval; }
    /** Largest body in bytes (4 MiB). */
    public int maxMessageSize() { return maxMessageSize; }
    /** Whether keys and unique keys are indexed (true). */
    public boolean messageIndexEnable() { return messageIndexEnable; }
    /** Hash slots per index file (5 000 000). */
    public int maxHashSlotNum() { return maxHashSlotNum; }
    /** Items per index file (20 000 000). */
    public int maxIndexNum() { return maxIndexNum; }
    /** Whether recovery checks body CRCs (true). */
    public boolean checkCRCOnRecover() { return checkCRCOnRecover; }
    /** Milliseconds between consume-queue/index flushes and checkpoint writes (1000). */
    public long flushIntervalConsumeQueue() { return flushIntervalConsumeQueue; }
    /** The flush policy to use: ASYNC_FLUSH (default) or SYNC_FLUSH (PID {@code comet.flush}). */
    public String flushDiskType() { return flushDiskType; }
    /** Milliseconds an append waits for the wanted flush policy to be bound before FLUSH_DISK_TIMEOUT (5000). */
    public long syncFlushTimeout() { return syncFlushTimeout; }

    /** Mutable builder with RocketMQ's defaults. */
    public static final class Builder {
        private Path storePathRootDir = Path.of(System.getProperty("user.home"), "store");
        private Path storePathCommitLog;
        private int mappedFileSizeCommitLog = 1024 * 1024 * 1024;
        private int mappedFileSizeConsumeQueue = 300_000 * 20;
        private int fileReservedTime = 72;
        private String deleteWhen = "04";
        private int diskMaxUsedSpaceRatio = 75;
        private int diskSpaceCleanForciblyRatio = 85;
        private int diskSpaceWarningLevelRatio = 90;
        private boolean cleanFileForciblyEnable = true;
        private int deleteFileBatchMax = 10;
        private long cleanResourceInterval = 10_000;
        private int maxMessageSize = 4 * 1024 * 1024;
        private boolean messageIndexEnable = true;
        private int maxHashSlotNum = 5_000_000;
        private int maxIndexNum = 20_000_000;
        private boolean checkCRCOnRecover = true;
        private long flushIntervalConsumeQueue = 1000;
        private String flushDiskType = ASYNC_FLUSH;
        private long syncFlushTimeout = 5000;

        private Builder() {}

        /** Sets the root; the commit-log folder follows it unless set explicitly. */
        public Builder storePathRootDir(Path v) { storePathRootDir = v; return this; }
        public Builder storePathCommitLog(Path v) { storePathCommitLog = v; return this; }
        public Builder mappedFileSizeCommitLog(int v) { mappedFileSizeCommitLog = v; return this; }
        public Builder mappedFileSizeConsumeQueue(int v) { mappedFileSizeConsumeQueue = v; return this; }
        public Builder fileReservedTime(int v) { fileReservedTime = v; return this; }
        public Builder deleteWhen(String v) { deleteWhen = v; return this; }
        public Builder diskMaxUsedSpaceRatio(int v) { diskMaxUsedSpaceRatio = v; return this; }
        public Builder diskSpaceCleanForciblyRatio(int v) { diskSpaceCleanForciblyRatio = v; return this; }
        public Builder diskSpaceWarningLevelRatio(int v) { diskSpaceWarningLevelRatio = v; return this; }
        public Builder cleanFileForciblyEnable(boolean v) { cleanFileForciblyEnable = v; return this; }
        public Builder deleteFileBatchMax(int v) { deleteFileBatchMax = v; return this; }
        public Builder cleanResourceInterval(long v) { cleanResourceInterval = v; return this; }
        public Builder maxMessageSize(int v) { maxMessageSize = v; return this; }
        public Builder messageIndexEnable(boolean v) { messageIndexEnable = v; return this; }
        public Builder maxHashSlotNum(int v) { maxHashSlotNum = v; return this; }
        public Builder maxIndexNum(int v) { maxIndexNum = v; return this; }
        public Builder checkCRCOnRecover(boolean v) { checkCRCOnRecover = v; return this; }
        public Builder flushIntervalConsumeQueue(long v) { flushIntervalConsumeQueue = v; return this; }
        public Builder flushDiskType(String v) { flushDiskType = v; return this; }
        public Builder syncFlushTimeout(long v) { syncFlushTimeout = v; return this; }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the key of a bad value. */
        public StoreSettings build() { return new StoreSettings(this); }
    }
}
