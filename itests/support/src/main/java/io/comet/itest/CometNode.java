package io.comet.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Comet node started from the real distribution ({@code bin/mqnamesrv}, {@code bin/mqbroker}, ...) as its own
 * process. Logs go to {@code <workDir>/logs}, pid files to {@code <workDir>/run}, its {@code user.home} is
 * {@code <workDir>/home}; {@link #close()} stops it with
 * SIGTERM (then SIGKILL after a bound) so no test leaves a process behind.
 */
public final class CometNode implements AutoCloseable {
    private final String role;
    private final Process process;
    private final Path workDir;
    private final Path output;

    private CometNode(String role, Process process, Path workDir, Path output) {
        this.role = role;
        this.process = process;
        this.workDir = workDir;
        this.output = output;
    }

    /** The distribution folder, {@code runtime/target/comet}, given to tests as system property {@code comet.dist}. */
    public static Path distribution() {
        String dist = System.getProperty("comet.dist");
        if (dist == null) {
            throw new IllegalStateException("system property comet.dist (the distribution folder) is not set");
        }
        Path p = Path.of(dist).toAbsolutePath().normalize();
        if (!Files.isExecutable(p.resolve("bin/mqnamesrv"))) {
            throw new IllegalStateException("no distribution at " + p + ": run 'mvn package' first");
        }
        return p;
    }

    /** Writes a RocketMQ properties file into {@code workDir}. */
    public static Path writeConfig(Path workDir, String name, Map<String, String> entries) {
        Properties props = new Properties();
        props.putAll(entries);
        Path file = workDir.resolve(name);
        try {
            Files.createDirectories(workDir);
            try (var out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
                props.store(out, "written by a Comet test");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Starts {@code bin/<script> args...}; does not wait for boot. */
    public static CometNode start(String role, String script, Path workDir, List<String> args) {
        try {
            Files.createDirectories(workDir.resolve("logs"));
            Files.createDirectories(workDir.resolve("run"));
            List<String> cmd = new ArrayList<>();
            cmd.add(distribution().resolve("bin").resolve(script).toString());
            cmd.addAll(args);
            Path output = workDir.resolve(script + ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().put("ROCKETMQ_LOG_DIR", workDir.resolve("logs").toString());
            pb.environment().put("COMET_RUN_DIR", workDir.resolve("run").toString());
            pb.environment().put("JAVA_OPT", javaOpt(pb.environment().get("JAVA_OPT"), workDir));
            return new CometNode(role, pb.start(), workDir, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node's {@code JAVA_OPT}: the inherited one (else a small heap) plus {@code -Duser.home=<workDir>/home},
     * so nothing the node writes under its home (RocketMQ's default store, KV config, logs) lands in the user's
     * home; an inherited {@code -Duser.home} is kept.
     */
    static String javaOpt(String inherited, Path workDir) {
        String base = inherited == null || inherited.isBlank() ? "-Xms64m -Xmx256m" : inherited.trim();
        return base.contains("-Duser.home=") ? base : base + " -Duser.home=" + workDir.resolve("home");
    }

    /** Starts the NameServer with the given properties file and waits for its boot line. */
    public static CometNode startNamesrv(Path workDir, Path config, Duration timeout) {
        CometNode node = start("namesrv", "mqnamesrv", workDir, List.of("-c", config.toString()));
        try {
            node.awaitLog("namesrv.log", "The Name Server boot success", timeout);
        } catch (RuntimeException | Error e) {
            node.close(); // not returned, so nobody else could stop it
            throw e;
        }
        return node;
    }

    public Process process() { return process; }

    public Path workDir() { return workDir; }

    public Path log(String name) { return workDir.resolve("logs").resolve(name); }

    /** The process's stdout and stderr so far. */
    public String output() {
        return readQuietly(output);
    }

    /** Waits until log file {@code name} contains {@code text}; fails with the node's output if it does not. */
    public void awaitLog(String name, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (readQuietly(log(name)).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(role + " exited with " + process.exitValue() + " before logging '" + text
                        + "'. Output:\n" + output() + "\nLog:\n" + readQuietly(log(name)));
            }
            sleep(50);
        }
        throw new AssertionError(role + " did not log '" + text + "' within " + timeout + ". Output:\n" + output()
                + "\nLog:\n" + readQuietly(log(name)));
    }

    /** Waits for the process to end; returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(role + " still running after " + timeout + ". Output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGKILL, as {@code kill -9}. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM, bounded; SIGKILL if it does not stop. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Sleeps; an interrupt ends the test with an AssertionError (the flag kept). */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
