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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the packaged distribution's scripts as processes for the end-to-end tests: a private logs folder
 * ({@code ROCKETMQ_LOG_DIR}) and run folder ({@code COMET_RUN_DIR}) per test, output captured in a file, every
 * process it started killed at {@link #close()}.
 */
final class Dist implements AutoCloseable {

    final Path home;
    final Path work;
    final Path logs;
    final Path run;
    private final List<Process> started = new ArrayList<>();

    Dist(Path work) throws IOException {
        String d = System.getProperty("comet.dist");
        if (d == null) {
            fail("system property comet.dist is not set: run the end-to-end tests with mvn verify (failsafe)");
        }
        this.home = Path.of(d);
        assertTrue(Files.isExecutable(home.resolve("bin/mqnamesrv")), "no distribution at " + home);
        this.work = work;
        this.logs = Files.createDirectories(work.resolve("logs"));
        this.run = Files.createDirectories(work.resolve("run"));
    }

    /** Starts {@code bin/<script> args...} from the test's work folder, output to {@code <work>/<name>.out}. */
    Process start(String name, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin").resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile());
        pb.environment().put("ROCKETMQ_LOG_DIR", logs.toString());
        pb.environment().put("COMET_RUN_DIR", run.toString());
        pb.environment().put("JAVA_OPT", "-Xms32m -Xmx256m -XX:TieredStopAtLevel=1");
        pb.environment().put("COMET_SHUTDOWN_TIMEOUT", "30");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Runs a script to its end (at most {@code seconds}) and returns its exit status. */
    int runToEnd(String name, int seconds, String script, String... args) throws Exception {
        Process p = start(name, script, args);
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

    /** A namesrv configuration on a free loopback port. */
    Path namesrvConfig(String name, int port, String... extraLines) throws IOException {
        StringBuilder sb = new StringBuilder("listenPort=" + port + "\nbindAddress=127.0.0.1\n");
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
