package io.comet.bench.node;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the benchmark started or created that must not outlive it: node processes and temp folders.
 * {@link #cleanUp()} runs in the normal path and again from a JVM shutdown hook (Ctrl-C, SIGTERM, an exception
 * out of main), so nothing is left behind whichever way the run ends. It is idempotent.
 */
public final class Reaper {
    private final Deque<NodeProcess> processes = new ArrayDeque<>();
    private final Deque<Path> folders = new ArrayDeque<>();

    public synchronized void track(NodeProcess process) {
        processes.push(process);
    }

    public synchronized void track(Path folder) {
        folders.push(folder);
    }

    /** Installs {@link #cleanUp()} as a shutdown hook of this JVM. */
    public Reaper installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "bench-reaper"));
        return this;
    }

    /** Stops every tracked process (newest first), then deletes every tracked folder. */
    public synchronized void cleanUp() {
        while (!processes.isEmpty()) {
            processes.pop().close();
        }
        while (!folders.isEmpty()) {
            deleteTree(folders.pop());
        }
    }

    /** Deletes a folder and its content; failures are reported, not thrown, since cleanup must go on. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("bench: could not delete " + root + ": " + e);
        }
    }
}
