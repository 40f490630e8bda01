import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Build step of {@code runtime/pom.xml} (run as a single-file source program at {@code package}): records one
 * dynamic class-data-sharing archive per role, {@code lib/namesrv.jsa} and {@code lib/broker.jsa}, from a real boot
 * of the freshly assembled distribution. A NameServer and then a broker registering with it are started through
 * {@code bin/mqnamesrv} / {@code bin/mqbroker} with {@code -XX:ArchiveClassesAtExit} (loopback, free ports, every
 * file in the work folder), each waited for until the launcher prints {@code Comet <node> started}, then stopped
 * with SIGTERM; the JVM writes the classes it loaded - the JDK's, the launcher's, Felix's and the bundles' (classes
 * of Felix's class loaders are stored as "unregistered" classes and reused when a bundle defines a class with the
 * same name and bytes) - when it exits. An archive is moved into {@code lib/} only when its node stopped cleanly.
 *
 * <p>Usage: {@code java ClassDataTraining.java <dist> <work folder>}. Every wait is bounded; nodes still running
 * on any failure are killed. Exit 0 when both archives were made, 1 otherwise (the build goes on without them).
 */
public final class ClassDataTraining {

    private static final long BOOT_TIMEOUT_MS = 90_000;
    private static final long STOP_TIMEOUT_MS = 60_000;

    private final Path dist;
    private final Path work;
    private final List<Process> started = new ArrayList<>();

    private ClassDataTraining(Path dist, Path work) {
        this.dist = dist;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java ClassDataTraining.java <distribution folder> <work folder>");
            System.exit(2);
        }
        ClassDataTraining training = new ClassDataTraining(Path.of(args[0]).toAbsolutePath(),
                Path.of(args[1]).toAbsolutePath());
        // the build may end this program (exec timeout: SIGTERM); its nodes must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(training::killAllQuietly, "kill-training-nodes"));
        int status;
        try {
            status = training.run();
        } catch (IOException | RuntimeException e) {
            System.err.println("class-data training failed: " + e);
            status = 1;
        } finally {
            training.killAll();
        }
        System.exit(status);
    }

    private int run() throws IOException, InterruptedException {
        Files.createDirectories(work);
        int nsPort = freePort();
        Path nsConf = write("namesrv.properties", "listenPort=" + nsPort, "bindAddress=127.0.0.1",
                "kvConfigPath=" + work.resolve("kvConfig.json"));
        Process namesrv = start("namesrv", "mqnamesrv", "-c", nsConf.toString());
        if (!awaitStarted(namesrv, "namesrv")) {
            return 1;
        }
        int brokerPort = freeBrokerPort();
        Path store = work.resolve("store");
        Path brokerConf = write("broker.conf", "brokerClusterName=TrainingCluster", "brokerName=training",
                "brokerId=0", "brokerRole=ASYNC_MASTER", "flushDiskType=ASYNC_FLUSH", "bindAddress=127.0.0.1",
                "brokerIP1=127.0.0.1", "brokerIP2=127.0.0.1", "listenPort=" + brokerPort,
                "haListenPort=" + (brokerPort + 1), "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"));
        Process broker = start("broker", "mqbroker", "-c", brokerConf.toString(), "-n", "127.0.0.1:" + nsPort);
        boolean brokerUp = awaitStarted(broker, "broker");
        boolean brokerArchived = brokerUp && stopAndKeep(broker, "broker");
        boolean namesrvArchived = stopAndKeep(namesrv, "namesrv");
        return brokerArchived && namesrvArchived ? 0 : 1;
    }

    /** Starts {@code bin/<script>} recording its classes into {@code <work>/<role>.jsa}; output in {@code <role>.out}. */
    private Process start(String role, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.resolve("bin").resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(role + ".out").toFile());
        Files.deleteIfExists(archive(role));
        pb.environment().putAll(Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "COMET_CDS", "off", // the archive is recorded on top of the JDK's own, not on an older Comet one
                "JAVA_OPT", "-XX:ArchiveClassesAtExit=" + archive(role) + " -Duser.home=" + work,
                "ROCKETMQ_LOG_DIR", work.resolve("logs").toString(),
                "COMET_RUN_DIR", work.resolve("run").toString()));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Waits until the launcher printed that the node serves; false (with the node's output) otherwise. */
    private boolean awaitStarted(Process node, String role) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOOT_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            String out = output(role);
            if (out.contains("Comet " + role + "-") && out.contains(" started in ")) {
                return true;
            }
            if (!node.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        System.err.println("class-data training: the " + role + " did not start (alive: " + node.isAlive()
                + "); its output:\n" + output(role));
        return false;
    }

    /** SIGTERM, bounded wait for the JVM to write its archive and exit, then the archive moves into {@code lib/}. */
    private boolean stopAndKeep(Process node, String role) throws IOException, InterruptedException {
        node.destroy();
        if (!node.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            System.err.println("class-data training: the " + role + " did not stop within " + STOP_TIMEOUT_MS
                    + " ms");
            return false;
        }
        Path made = archive(role);
        if (!Files.isRegularFile(made) || Files.size(made) == 0) {
            System.err.println("class-data training: the " + role + " wrote no archive; its output:\n"
                    + output(role));
            return false;
        }
        Files.move(made, dist.resolve("lib").resolve(role + ".jsa"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("class-data training: lib/" + role + ".jsa (" + Files.size(dist.resolve("lib")
                .resolve(role + ".jsa")) / 1024 + " KiB)");
        return true;
    }

    private Path archive(String role) {
        return work.resolve(role + ".jsa");
    }

    private String output(String role) throws IOException {
        Path f = work.resolve(role + ".out");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(work.resolve(name), List.of(lines), StandardCharsets.ISO_8859_1);
    }

    private void killAllQuietly() {
        try {
            killAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killAll() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port whose neighbours the broker also binds (listenPort - 2, the VIP channel; + 1, HA) are free too. */
    private static int freeBrokerPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port > 1026 && port < 65535 && isFree(port - 2) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IOException("no free loopback port p with p-2 and p+1 free after 50 attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
