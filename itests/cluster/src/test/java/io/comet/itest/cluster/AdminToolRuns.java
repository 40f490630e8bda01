package io.comet.itest.cluster;

import io.comet.itest.CometNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.tools.command.MQAdminStartup;

/**
 * Runs the distribution's {@code bin/mqadmin} and {@code bin/mqshell} as processes (60 s bound each) and Apache's
 * rocketmq-tools 5.3.1 {@code MQAdminStartup} in-process (its stdout captured), for the AdminTool cluster tests.
 */
final class AdminToolRuns {
    private AdminToolRuns() { }

    /** A finished process: exit status, stdout, stderr. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        /** The stdout lines. */
        List<String> lines() {
            return Arrays.asList(out.split("\n"));
        }
    }

    /** {@code bin/<name> args...} in {@code work}, with {@code env} on top of this JVM's (minus NAMESRV_ADDR). */
    static Run script(Path work, String name, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(CometNode.distribution().resolve("bin").resolve(name).toString());
        cmd.addAll(Arrays.asList(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            Path out = Files.createTempFile(work, name, ".out");
            Path err = Files.createTempFile(work, name, ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().remove("NAMESRV_ADDR");
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                p.getOutputStream().close();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    throw new AssertionError(name + " " + cmd + " did not finish in 60 s");
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code bin/mqadmin args...} with {@code NAMESRV_ADDR=nsAddr}. */
    static Run mqadmin(Path work, String nsAddr, String... args) {
        return script(work, "mqadmin", Map.of("NAMESRV_ADDR", nsAddr), args);
    }

    /** {@code bin/mqshell args...} looking for consoles in {@code nodeDir/run}. */
    static Run mqshell(Path work, Path nodeDir, String... args) {
        return script(work, "mqshell", Map.of("COMET_RUN_DIR", nodeDir.resolve("run").toString()), args);
    }

    /** Apache's mqadmin, in-process, with {@code -n nsAddr} appended; its stdout. */
    static synchronized String apache(String nsAddr, String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            String[] full = Arrays.copyOf(args, args.length + 2);
            full[args.length] = "-n";
            full[args.length + 1] = nsAddr;
            MQAdminStartup.main0(full, null);
        } finally {
            System.setOut(before);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /**
     * Apache's mqadmin for a command that never ends by itself (clusterRT loops every 10 s): runs it in a thread
     * until its stdout satisfies {@code done} (30 s bound), then interrupts it; its stdout so far.
     */
    static synchronized String apacheUntil(String nsAddr, java.util.function.Predicate<String> done, String... args)
            throws InterruptedException {
        PrintStream before = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String[] full = Arrays.copyOf(args, args.length + 2);
        full[args.length] = "-n";
        full[args.length + 1] = nsAddr;
        Thread t = new Thread(() -> MQAdminStartup.main0(full, null), "apache-" + args[0]);
        t.setDaemon(true);
        t.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!done.test(buffer.toString(StandardCharsets.UTF_8)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            t.interrupt();
            t.join(10_000);
            System.setOut(before);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    static List<String> tokens(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }

    /** The first line of {@code text} that contains {@code part}; fails naming the text when none. */
    static String line(String text, String part) {
        return Arrays.stream(text.split("\n")).filter(l -> l.contains(part)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + part + "' in:\n" + text));
    }

    /** {@code key=  value} lines (getBrokerConfig, getNamesrvConfig) as a sorted map. */
    static Map<String, String> configMap(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf("=  ");
            if (eq > 0 && !line.startsWith("=")) {
                m.put(line.substring(0, eq).trim(), line.substring(eq + 3));
            }
        }
        return m;
    }
}
