package io.comet.bench.node;

import java.time.Duration;
import java.util.Set;

/**
 * What to start, identical for both systems: flush mode, the master's role, whether a slave replicates it, the
 * queue count of auto-created topics and the broker heap ({@code -Xms} = {@code -Xmx}).
 */
public record ClusterSpec(String flushDiskType, String masterRole, boolean withSlave, int queues, String heap,
                          Duration bootTimeout) {
    private static final Set<String> FLUSH = Set.of("ASYNC_FLUSH", "SYNC_FLUSH");
    private static final Set<String> ROLES = Set.of("ASYNC_MASTER", "SYNC_MASTER");

    public ClusterSpec {
        if (!FLUSH.contains(flushDiskType)) {
            throw new IllegalArgumentException("flushDiskType must be one of " + FLUSH + ", was " + flushDiskType);
        }
        if (!ROLES.contains(masterRole)) {
            throw new IllegalArgumentException("masterRole must be one of " + ROLES + ", was " + masterRole);
        }
        if (queues <= 0) {
            throw new IllegalArgumentException("queue count must be > 0, was " + queues);
        }
        if (!heap.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException("heap must look like 512m or 1g, was " + heap);
        }
    }

    /** A single master with the given flush mode. */
    public static ClusterSpec single(String flushDiskType, int queues, String heap, Duration bootTimeout) {
        return new ClusterSpec(flushDiskType, "ASYNC_MASTER", false, queues, heap, bootTimeout);
    }

    /** A master (ASYNC_FLUSH) with the given role and one slave. */
    public static ClusterSpec replicated(String masterRole, int queues, String heap, Duration bootTimeout) {
        return new ClusterSpec("ASYNC_FLUSH", masterRole, true, queues, heap, bootTimeout);
    }
}
