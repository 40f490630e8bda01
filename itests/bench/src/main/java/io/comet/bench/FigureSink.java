package io.comet.bench;

import io.comet.bench.load.SendStats;
import io.comet.bench.report.Better;
import io.comet.bench.report.Results;

/**
 * Turns a send phase into figures: throughput (messages and body MB per second), latency percentiles, failures,
 * distinct queues used, broker CPU seconds per million messages, and - when the disk limits are known - the body
 * throughput as a fraction of sequential write + fdatasync and, for SYNC_FLUSH, acknowledged messages per 4 KiB
 * O_DSYNC write the disk can do (above 1 only with group commit).
 */
final class FigureSink {
    private FigureSink() {}

    static void send(Results r, String sys, String id, SendStats s, double cpuSeconds, DiskLimits disk, String flush) {
        r.add(id + "msgs_per_s", "msg/s", Better.HIGHER, sys, s.messagesPerSecond());
        r.add(id + "MB_per_s", "MB/s", Better.HIGHER, sys, s.megabytesPerSecond());
        if (s.latencies().count() > 0) {
            r.add(id + "p50_ms", "ms", Better.LOWER, sys, s.latencies().percentileMillis(50));
            r.add(id + "p99_ms", "ms", Better.LOWER, sys, s.latencies().percentileMillis(99));
            r.add(id + "p999_ms", "ms", Better.LOWER, sys, s.latencies().percentileMillis(99.9));
        }
        r.add(id + "failures", "msgs", Better.LOWER, sys, s.failures());
        r.add(id + "queues_used", "queues", Better.NEITHER, sys, s.queuesUsed());
        if (s.total() > 0) {
            r.add(id + "cpu_s_per_M", "cpu-s/M", Better.LOWER, sys, cpuSeconds / s.total() * 1e6);
        }
        if (disk.known()) {
            r.add(id + "of_disk_seq", "fraction", Better.HIGHER, sys, s.megabytesPerSecond() / disk.sequentialMBps());
            if (flush.equals("SYNC_FLUSH")) {
                r.add(id + "msgs_per_dsync_write", "ratio", Better.HIGHER, sys,
                        s.messagesPerSecond() / disk.dsyncWritesPerSecond());
            }
        }
    }
}
