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
}
