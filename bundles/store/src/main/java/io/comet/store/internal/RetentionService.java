package io.comet.store.internal;

import io.comet.store.StoreSettings;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old commit-log files, then the consume-queue and index files that only point into what was deleted.
 *
 * <p>A run deletes commit-log files from the head when the hour is one of {@code deleteWhen}, or the disk is
 * fuller than {@code diskMaxUsedSpaceRatio}, or a manual deletion was requested. Only files last modified more
 * than {@code fileReservedTime} hours ago go, stopping at the first younger one, except when usage is above
 * {@code diskSpaceCleanForciblyRatio} and {@code cleanFileForciblyEnable}: then age is ignored. At most
 * {@code deleteFileBatchMax} files per run; never the last (written) file. Above
 * {@code diskSpaceWarningLevelRatio} the store refuses appends until usage drops again. Readers holding slices
 * of a deleted file keep it mapped until they release them.
 */
final class RetentionService {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    private static final long HOUR = 3_600_000L;

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final Clock clock;
    private final DiskUsageProbe probe;
    private volatile StoreSettings settings;
    private volatile DeleteSchedule schedule;
    private volatile boolean diskFull;
    private volatile double lastUsage = -1;
    private volatile int manualRequests;

    /** @param index null when indexing is off */
    RetentionService(CommitLog log, ConsumeQueueTable queues, IndexService index, Clock clock, DiskUsageProbe probe,
                     StoreSettings settings) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.clock = clock;
        this.probe = probe;
        settings(settings);
    }

    /** Applies new retention tunables. */
    void settings(StoreSettings s) {
        this.schedule = new DeleteSchedule(s.deleteWhen());
        this.settings = s;
    }

    /** Whether appends must be refused because the disk is above the warning level. */
    boolean diskFull() { return diskFull; }

    double lastUsage() { return lastUsage; }

    /** Asks for a deletion pass of expired files at the next run, whatever the hour. */
    void requestDeletion() {
        manualRequests = 20;
    }

    /** One cleaning pass; returns the number of commit-log files deleted. */
    int runOnce() {
        StoreSettings s = settings;
        double usage = probe.usedRatio(log.files().dir());
        lastUsage = usage;
        boolean full = usage >= 0 && usage * 100 > s.diskSpaceWarningLevelRatio();
        if (full != diskFull) {
            if (full) {
                LOG.error("disk usage {}% above diskSpaceWarningLevelRatio {}%: appends refused", pct(usage), s.diskSpaceWarningLevelRatio());
            } else {
                LOG.info("disk usage {}% back below diskSpaceWarningLevelRatio: appends accepted", pct(usage));
            }
            diskFull = full;
        }
        boolean forced = s.cleanFileForciblyEnable() && usage >= 0 && usage * 100 > s.diskSpaceCleanForciblyRatio();
        boolean spaceFull = usage >= 0 && usage * 100 > s.diskMaxUsedSpaceRatio();
        boolean manual = manualRequests > 0;
        boolean timeUp = schedule.isDeleteTime(clock);
        if (!(timeUp || spaceFull || forced || manual)) {
            return 0;
        }
        if (manual) {
            manualRequests--;
        }
        int deleted = deleteCommitLogFiles(s, forced);
        long minPhys = log.minOffset();
        int cqDeleted = queues.deleteExpired(minPhys);
        int idxDeleted = index == null ? 0 : index.deleteExpired(minPhys);
        if (deleted + cqDeleted + idxDeleted > 0) {
            LOG.info("retention deleted {} commit-log, {} consume-queue and {} index files (usage {}%, forced {}); min offset now {}",
                    deleted, cqDeleted, idxDeleted, pct(usage), forced, minPhys);
        }
        return deleted;
    }

    private int deleteCommitLogFiles(StoreSettings s, boolean forced) {
        long now = clock.millis();
        long reserved = s.fileReservedTime() * HOUR;
        int deleted = 0;
        while (deleted < s.deleteFileBatchMax()) {
            List<MappedFile> files = log.files().files();
            if (files.size() <= 1) {
                break;
            }
            MappedFile first = files.get(0);
            if (!forced && first.lastModified() + reserved > now) {
                break;
            }
            log.putLock().lock();
            try {
                log.files().detachFirst(first);
            } finally {
                log.putLock().unlock();
            }
            first.destroy(); // file deletion and unmapping stay out of the append lock
            deleted++;
        }
        return deleted;
    }

    private static String pct(double usage) {
        return String.format("%.1f", usage * 100);
    }
}
