package io.comet.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The pid file of a running node: {@code <run dir>/<role>-<port or name>.pid}, holding the process id in decimal
 * followed by a newline. {@code bin/mqshutdown} reads it to find the node. It is written when the node starts
 * (atomically: temp file + move) and removed when it stops; a file naming a live process refuses a second node
 * with the same name, a file naming a dead process is stale and replaced.
 */
public final class PidFile {

    private final Path file;
    private final long pid;

    private PidFile(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /**
     * @throws LaunchException when another live process owns this pid file, or it cannot be written
     */
    public static PidFile create(Path file, long pid) throws LaunchException {
        Optional<Long> other = read(file);
        if (other.isPresent() && other.get() != pid && ProcessHandle.of(other.get()).map(ProcessHandle::isAlive)
                .orElse(false)) {
            throw new LaunchException("a node named " + nodeName(file) + " is already running (pid " + other.get()
                    + ", " + file + "); stop it with bin/mqshutdown or give this one another listenPort");
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + pid);
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LaunchException("cannot write pid file " + file + ": " + e, e);
        }
        return new PidFile(file, pid);
    }

    /** The process id a pid file names, if the file exists and holds a number. */
    static Optional<Long> read(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if it still names this process (a newer node may have taken the name over). */
    public void remove() {
        if (read(file).filter(p -> p == pid).isPresent()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("cannot remove pid file " + file + ": " + e);
            }
        }
    }

    public Path path() {
        return file;
    }

    private static String nodeName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".pid") ? n.substring(0, n.length() - 4) : n;
    }
}
