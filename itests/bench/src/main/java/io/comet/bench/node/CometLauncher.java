package io.comet.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts Comet from its distribution ({@code runtime/target/comet}): {@code bin/mqnamesrv -c <file>} and
 * {@code bin/mqbroker -c <file> -n <addr>}, with {@code JAVA_OPT} setting the heap ({@code -Xms} = {@code -Xmx}; the
 * scripts append it after their defaults so it wins), {@code JAVA_HOME} the harness's own JVM, logs in
 * {@code <dir>/logs} and pid files in {@code <dir>/run}. The scripts {@code exec} the JVM, so the process id is
 * the broker's own.
 */
public final class CometLauncher implements NodeLauncher {
    /** What {@code bin/mqbroker} prints when the broker bundle is missing from the distribution. */
    static final String NOT_BUILT = "not available in this build";
    private final Path dist;

    public CometLauncher(Path dist) {
        this.dist = dist.toAbsolutePath().normalize();
    }

    /** Fails with a clear message unless {@code dist} holds Comet's start scripts. */
    public CometLauncher checked() throws SystemUnavailableException {
        if (!Files.isExecutable(dist.resolve("bin/mqnamesrv")) || !Files.isExecutable(dist.resolve("bin/mqbroker"))) {
            throw new SystemUnavailableException("no Comet distribution at " + dist
                    + " (bin/mqnamesrv, bin/mqbroker): build it with 'mvn -B -pl runtime -am package -DskipTests'");
        }
        return this;
    }

    @Override
    public String system() {
        return "comet";
    }

    @Override
    public NodeProcess namesrv(Path dir, Path conf, String heap) {
        return NodeProcess.start("namesrv", List.of(script("mqnamesrv"), "-c", conf.toString()), env(dir, heap, ""),
                dir);
    }

    @Override
    public NodeProcess broker(Path dir, Path conf, String namesrvAddr, String heap) {
        return NodeProcess.start("broker", List.of(script("mqbroker"), "-c", conf.toString(), "-n", namesrvAddr),
                env(dir, heap, " " + String.join(" ", NodeLauncher.extraBrokerJvmOptions())), dir);
    }

    @Override
    public List<Path> bootLogs(Path dir) {
        return List.of(dir.resolve("logs/namesrv.log"), dir.resolve("logs/broker.log"));
    }

    @Override
    public String brokerFailure(NodeFailedException failure) {
        if (failure.outputTail().contains(NOT_BUILT)) {
            return "Comet broker not available in this build";
        }
        return "Comet broker failed to start: " + failure.getMessage() + "\n" + failure.outputTail();
    }

    private String script(String name) {
        return dist.resolve("bin").resolve(name).toString();
    }

    private static Map<String, String> env(Path dir, String heap, String extra) {
        return Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPT", ("-Xms" + heap + " -Xmx" + heap + extra).strip(),
                "ROCKETMQ_LOG_DIR", dir.resolve("logs").toString(),
                "COMET_RUN_DIR", dir.resolve("run").toString());
    }
}
