package io.comet.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One NameServer or broker JVM started by the benchmark. Its stdout and stderr go to one file; its boot line is
 * looked for in that file and in the log files the caller names. The clock starts just before the process is
 * spawned, so {@link #awaitLine} measures "process start to boot line" as an operator sees it.
 * {@link #close()} sends SIGTERM, waits up to 20 s, then SIGKILLs the process and any child it left.
 */
public final class NodeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path output;
    private final long startNanos;

    private NodeProcess(String name, Process process, Path output, long startNanos) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.startNanos = startNanos;
    }

    /** Spawns {@code command} in {@code workDir} with {@code env} added to this JVM's environment. */
    public static NodeProcess start(String name, List<String> command, Map<String, String> env, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path output = workDir.resolve(name + ".out");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().putAll(env);
            long start = System.nanoTime();
            return new NodeProcess(name, pb.start(), output, start);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code text} appears in the output or in one of {@code logs}; returns the milliseconds from
     * spawning the process to seeing it.
     *
     * @throws NodeFailedException if the process exits first or the line does not come within {@code timeout}
     */
    public long awaitLine(String text, List<Path> logs, Duration timeout) throws NodeFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = process.isAlive();
            if (contains(output, text) || logs.stream().anyMatch(l -> contains(l, text))) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            }
            if (!alive) {
                throw new NodeFailedException(name + " exited with status " + process.exitValue()
                        + " before printing '" + text + "'", outputTail(20));
            }
            if (System.nanoTime() > deadline) {
                throw new NodeFailedException(name + " did not print '" + text + "' within " + timeout,
                        outputTail(20));
            }
            sleep(5);
        }
    }

    /** The last {@code lines} lines of the process's stdout and stderr. */
    public String outputTail(int lines) {
        List<String> all = readLines(output);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
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
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e + ")");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a node", e);
        }
    }
}
