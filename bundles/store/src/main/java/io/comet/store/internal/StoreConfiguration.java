package io.comet.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the PID {@code comet.store}: RocketMQ's MessageStoreConfig keys with RocketMQ's defaults.
 * {@code flushDiskType} and {@code syncFlushTimeout} belong to PID {@code comet.flush}; the store reads them too.
 * Designated through {@code pid} here because bnd refuses {@code @Designate} on a component with two PIDs.
 */
@ObjectClassDefinition(id = "comet.store", pid = "comet.store", name = "Comet store",
        description = "Commit log, consume queues, index, recovery and retention (RocketMQ MessageStoreConfig keys).")
public @interface StoreConfiguration {
    @AttributeDefinition(name = "storePathRootDir", description = "Root folder of the store; ${user.home} and other ${system.property} references are expanded.")
    String storePathRootDir() default "${user.home}/store";

    @AttributeDefinition(name = "storePathCommitLog", required = false, description = "Commit-log folder; empty means storePathRootDir/commitlog.")
    String storePathCommitLog() default "";

    @AttributeDefinition(name = "mappedFileSizeCommitLog", min = "4096", description = "Bytes per commit-log file.")
    int mappedFileSizeCommitLog() default 1073741824;

    @AttributeDefinition(name = "mappedFileSizeConsumeQueue", min = "20", description = "Bytes per consume-queue file (multiple of 20).")
    int mappedFileSizeConsumeQueue() default 6000000;

    @AttributeDefinition(name = "fileReservedTime", min = "0", description = "Hours a commit-log file is kept after its last change.")
    int fileReservedTime() default 72;

    @AttributeDefinition(name = "deleteWhen", description = "Hours of the day (';'-separated, 00-23) when expired files are deleted.")
    String deleteWhen() default "04";

    @AttributeDefinition(name = "diskMaxUsedSpaceRatio", min = "10", max = "95", description = "Disk usage percent above which expired files are deleted at any hour.")
    int diskMaxUsedSpaceRatio() default 75;

    @AttributeDefinition(name = "diskSpaceCleanForciblyRatio", min = "1", max = "99", description = "Disk usage percent above which files are deleted whatever their age.")
    int diskSpaceCleanForciblyRatio() default 85;

    @AttributeDefinition(name = "diskSpaceWarningLevelRatio", min = "1", max = "99", description = "Disk usage percent above which appends are refused (SERVICE_NOT_AVAILABLE).")
    int diskSpaceWarningLevelRatio() default 90;

    @AttributeDefinition(name = "cleanFileForciblyEnable", description = "Whether disk pressure may delete files younger than fileReservedTime.")
    boolean cleanFileForciblyEnable() default true;

    @AttributeDefinition(name = "deleteFileBatchMax", min = "1", description = "Most commit-log files deleted per cleaning run.")
    int deleteFileBatchMax() default 10;

    @AttributeDefinition(name = "cleanResourceInterval", min = "1", description = "Milliseconds between cleaning runs.")
    int cleanResourceInterval() default 10000;

    @AttributeDefinition(name = "maxMessageSize", min = "1", description = "Largest message body in bytes.")
    int maxMessageSize() default 4194304;

    @AttributeDefinition(name = "messageIndexEnable", description = "Whether message keys and unique keys are indexed.")
    boolean messageIndexEnable() default true;

    @AttributeDefinition(name = "maxHashSlotNum", min = "1", description = "Hash slots per index file.")
    int maxHashSlotNum() default 5000000;

    @AttributeDefinition(name = "maxIndexNum", min = "2", description = "Items per index file.")
    int maxIndexNum() default 20000000;

    @AttributeDefinition(name = "checkCRCOnRecover", description = "Whether recovery checks each message's body CRC.")
    boolean checkCRCOnRecover() default true;

    @AttributeDefinition(name = "flushIntervalConsumeQueue", min = "1", description = "Milliseconds between consume-queue/index flushes and checkpoint writes.")
    int flushIntervalConsumeQueue() default 1000;
}
