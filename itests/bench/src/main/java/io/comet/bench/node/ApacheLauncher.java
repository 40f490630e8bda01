package io.comet.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts Apache RocketMQ from the Maven Central jars: {@code java -cp <classpath> NamesrvStartup -c <file>} and
 * {@code BrokerStartup -c <file> -n <addr>}, each classpath read from the file the bench's helper modules write
 * with {@code dependency:build-classpath} (Apache's own netty-all included). {@code ROCKETMQ_HOME} and
 * {@code user.home} point at the node's temp folder, so Apache's logs ({@code ~/logs/rocketmqlogs}) and any
 * default paths stay inside it. The JVM is the harness's own, with the same heap as Comet's nodes.
 */
public final class ApacheLauncher implements NodeLauncher {
    private static final String NAMESRV_MAIN = "org.apache.rocketmq.namesrv.NamesrvStartup";
    private static final String BROKER_MAIN = "org.apache.rocketmq.broker.BrokerStartup";
    /** RocketMQ reaches into NIO internals (direct buffer cleaning) on Java 9+; its own scripts open them too. */
    private static final List<String> JDK_OPENS = List.of(
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

    private static final Pattern ARTIFACT = Pattern.compile("(rocketmq-(?:namesrv|broker|store)-[^/:]+?)\\.jar");
    private final String namesrvClasspath;
    private final String brokerClasspath;

    private ApacheLauncher(String namesrvClasspath, String brokerClasspath) {
        this.namesrvClasspath = namesrvClasspath;
        this.brokerClasspath = brokerClasspath;
    }

    /** Reads both classpath files; fails naming the file when one is missing or empty. */
    public static ApacheLauncher fromClasspathFiles(Path namesrvFile, Path brokerFile)
            throws SystemUnavailableException {
        return new ApacheLauncher(read(namesrvFile), read(brokerFile));
    }

    private static String read(Path file) throws SystemUnavailableException {
        try {
            String cp = Files.exists(file) ? Files.readString(file).trim() : "";
            if (cp.isEmpty()) {
                throw new SystemUnavailableException("Apache RocketMQ classpath file " + file + " is missing or "
                        + "empty: build it with 'mvn -B -Pbench -pl itests/bench -am verify -Dbench.skip'");
            }
            return cp;
        } catch (IOException e) {
            throw new SystemUnavailableException("cannot read Apache RocketMQ classpath file " + file + ": " + e);
        }
    }

    /** The Apache artifacts actually started, read from the classpaths, e.g. {@code rocketmq-broker-5.3.1}. */
    public List<String> artifacts() {
        List<String> found = new ArrayList<>();
        Matcher m = ARTIFACT.matcher(namesrvClasspath + ":" + brokerClasspath);
        while (m.find()) {
            if (!found.contains(m.group(1))) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    @Override
    public String system() {
        return "apache";
    }

    @Override
    public NodeProcess namesrv(Path dir, Path conf, String heap) {
        return NodeProcess.start("namesrv", command(dir, heap, List.of(), namesrvClasspath, NAMESRV_MAIN, "-c", conf.toString()),
                env(dir), dir);
    }

    @Override
    public NodeProcess broker(Path dir, Path conf, String namesrvAddr, String heap) {
        return NodeProcess.start("broker",
                command(dir, heap, NodeLauncher.extraBrokerJvmOptions(), brokerClasspath, BROKER_MAIN,
                        "-c", conf.toString(), "-n", namesrvAddr),
                env(dir), dir);
    }

    @Override
    public List<Path> bootLogs(Path dir) {
        Path logs = dir.resolve("logs/rocketmqlogs");
        return List.of(logs.resolve("namesrv.log"), logs.resolve("broker.log"));
    }

    @Override
    public String brokerFailure(NodeFailedException failure) {
        return "Apache RocketMQ broker failed to start: " + failure.getMessage() + "\n" + failure.outputTail();
    }

    private static List<String> command(Path dir, String heap, List<String> extra, String classpath, String main,
                                        String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-server");
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.addAll(JDK_OPENS);
        cmd.addAll(extra);
        cmd.add("-Duser.home=" + dir);
        cmd.add("-Drocketmq.home.dir=" + dir);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Map<String, String> env(Path dir) {
        return Map.of("ROCKETMQ_HOME", dir.toString());
    }
}
