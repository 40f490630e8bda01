package io.comet.store.internal;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker's resident set from growing with the data it holds: every {@link #PERIOD_MS} it unmaps
 * commit-log files that are full, flushed and unread for {@code comet.store.unmapIdleMs} (system property,
 * default {@value #DEFAULT_IDLE_MS} ms; 0 turns it off). A mapped file's written and read pages count in the
 * process's resident set ({@code RssFile}) for as long as it stays mapped, so without this a broker that wrote
 * 3 GiB holds 3 GiB resident; with it, about the file being written plus what readers touched lately. The data
 * stays on disk and in the OS page cache; a reader maps the file again on its next access
 * ({@link MappedFile#acquire()}). The file being written and the consume queues are never unmapped.
 */
final class IdleMappingTrimmer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IdleMappingTrimmer.class);
    /** How often the commit log's files are looked at. */
    static final long PERIOD_MS = 1_000;
    static final long DEFAULT_IDLE_MS = 1_000;

    private final MappedFileQueue files;
    private final long idleNanos;

    IdleMappingTrimmer(MappedFileQueue files, long idleMs) {
        this.files = files;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
    }

    /**
     * The idle time from {@code comet.store.unmapIdleMs}; a negative or unparsable value is reported by name and
     * the default used (a memory setting is no reason to refuse to open the store).
     */
    static long idleMsFromSystem() {
        String v = System.getProperty("comet.store.unmapIdleMs");
        if (v == null || v.isBlank()) {
            return DEFAULT_IDLE_MS;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        LOG.error("system property comet.store.unmapIdleMs='{}' is not valid (expected milliseconds >= 0, 0 = never"
                + " unmap idle commit-log files); using {}", v, DEFAULT_IDLE_MS);
        return DEFAULT_IDLE_MS;
    }

    /** Schedules a trimmer of {@code files} on {@code scheduler} unless {@code comet.store.unmapIdleMs} is 0. */
    static void scheduleOn(java.util.concurrent.ScheduledExecutorService scheduler, MappedFileQueue files) {
        IdleMappingTrimmer trimmer = new IdleMappingTrimmer(files, idleMsFromSystem());
        if (trimmer.enabled()) {
            scheduler.scheduleWithFixedDelay(trimmer, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    boolean enabled() {
        return idleNanos > 0;
    }

    @Override
    public void run() {
        try {
            int n = files.unmapIdle(idleNanos);
            if (n > 0) {
                LOG.debug("unmapped {} idle commit-log file(s)", n);
            }
        } catch (RuntimeException e) {
            LOG.error("unmapping idle commit-log files failed", e);
        }
    }
}
