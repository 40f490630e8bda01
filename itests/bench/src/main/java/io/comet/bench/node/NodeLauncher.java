package io.comet.bench.node;

import java.nio.file.Path;
import java.util.List;

/** How one system (Comet or Apache RocketMQ) turns a properties file into a running node process. */
public interface NodeLauncher {
    /** {@code comet} or {@code apache}: the key used in the table and the JSON. */
    String system();

    /** Starts a NameServer with its files under {@code dir}; does not wait for it. */
    NodeProcess namesrv(Path dir, Path conf, String heap);

    /** Starts a broker with its files under {@code dir}; does not wait for it. */
    NodeProcess broker(Path dir, Path conf, String namesrvAddr, String heap);

    /** The log files under {@code dir} where a node of this system prints its boot line (besides stdout). */
    List<Path> bootLogs(Path dir);

    /**
     * Why the broker cannot be measured, given how its start failed. Comet's launcher refuses to start a role
     * whose bundles are not built; that becomes "Comet broker not available in this build".
     */
    String brokerFailure(NodeFailedException failure);

    /**
     * JVM options added to both systems' broker command lines, from the environment variable
     * {@code BENCH_BROKER_JVM_OPTS} (split on whitespace; empty when unset): for profiling both brokers the same way,
     * e.g. {@code BENCH_BROKER_JVM_OPTS="-Xlog:gc:file=/tmp/gc-%p.log"}. Figures taken with it are not comparable to
     * runs without it.
     */
    static List<String> extraBrokerJvmOptions() {
        String v = System.getenv("BENCH_BROKER_JVM_OPTS");
        return v == null || v.isBlank() ? List.of() : List.of(v.strip().split("\\s+"));
    }
}
