package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the packaged distribution's scripts as processes for the end-to-end tests: a private logs folder
 * ({@code ROCKETMQ_LOG_DIR}), run folder ({@code COMET_RUN_DIR}) and home ({@code -Duser.home}, so nothing lands in
 * the user's home) per test, output captured in a file, every process it started killed at {@link #close()}.
 */
final class Dist implements AutoCloseable {

    final Path home;
    final Path work;
    final Path logs;
    final Path run;
    private final List<Process> started = new ArrayList<>();

    Dist(Path work) throws IOException {
        this(work, packaged());
    }

    /** Runs the distribution at {@code home} (a copy of the packaged one, see {@link #copyOfPackaged}). */
    Dist(Path work, Path home) throws IOException {
        this.home = home;
        assertTrue(Files.isExecutable(home.resolve("bin/mqnamesrv")), "no distribution at " + home);
        this.work = work;
        this.logs = Files.createDirectories(work.resolve("logs"));
        this.run = Files.createDirectories(work.resolve("run"));
        Files.createDirectories(work.resolve("home"));
    }

    /** The packaged distribution, {@code runtime/target/comet}. */
    static Path packaged() {
        String d = System.getProperty("comet.dist");
        if (d == null) {
            fail("system property comet.dist is not set: run the end-to-end tests with mvn verify (failsafe)");
        }
        return Path.of(d);
    }

    /**
     * A second distribution at {@code target}: its own copy of {@code bin/} (so the scripts find {@code target}
     * as their home), the rest linked to the packaged one.
     */
    static Path copyOfPackaged(Path target) throws IOException {
        Path src = packaged();
        Files.createDirectories(target.resolve("bin"));
        try (var scripts = Files.list(src.resolve("bin"))) {
            for (Path s : scripts.toList()) {
                Files.copy(s, target.resolve("bin").resolve(s.getFileName()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        try (var entries = Files.list(src)) {
            for (Path e : entries.filter(e -> !e.getFileName().toString().equals("bin")).toList()) {
                Files.createSymbolicLink(target.resolve(e.getFileName()), e.toAbsolutePath());
            }
        }
        return target;
    }

    /** Starts {@code bin/<script> args...} from the test's work folder, output to {@code <work>/<name>.out}. */
    Process start(String name, String script, String... args) throws IOException {
        return start(name, Map.of(), script, args);
    }

    /**
     * Starts {@code bin/<script> args...} with {@code env} on top of the test's environment; a {@code null} value
     * removes the variable.
     */
    Process start(String name, Map<String, String> env, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin").resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile());
        pb.environment().put("ROCKETMQ_LOG_DIR", logs.toString());
        pb.environment().put("COMET_RUN_DIR", run.toString());
        pb.environment().put("JAVA_OPT", "-Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -Duser.home="
                + work.resolve("home"));
        pb.environment().put("COMET_SHUTDOWN_TIMEOUT", "30");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Runs a script to its end (at most {@code seconds}) and returns its exit status. */
    int runToEnd(String name, int seconds, String script, String... args) throws Exception {
        return runToEnd(name, Map.of(), seconds, script, args);
    }

    /** Runs a script with {@code env} on top of the test's environment to its end and returns its exit status. */
    int runToEnd(String name, Map<String, String> env, int seconds, String script, String... args)
            throws Exception {
        Process p = start(name, env, script, args);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(script + " did not finish within " + seconds + " s; output:\n" + output(name));
        }
        return p.exitValue();
    }

    String output(String name) throws IOException {
        Path f = work.resolve(name + ".out");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    String log(String file) throws IOException {
        Path f = logs.resolve(file);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** A namesrv configuration on a free loopback port, its KV store in the work folder. */
    Path namesrvConfig(String name, int port, String... extraLines) throws IOException {
        StringBuilder sb = new StringBuilder("listenPort=" + port + "\nbindAddress=127.0.0.1\nkvConfigPath="
                + work.resolve(name + ".kvConfig.json") + "\n");
        for (String l : extraLines) {
            sb.append(l).append('\n');
        }
        return Files.writeString(work.resolve(name), sb.toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls {@code condition} every 50 ms; false if it did not hold within {@code millis}. */
    static boolean await(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Removes the links {@link #copyOfPackaged} made (not what they point to). */
    static void removeLinks(Path copy) throws IOException {
        try (var entries = Files.list(copy)) {
            for (Path e : entries.filter(Files::isSymbolicLink).toList()) {
                Files.delete(e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
