package io.comet.itest.paxexam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Work folders of the pax-exam tests (configuration files, stores, logs). They are created under the folder named
 * by system property {@code comet.test.work} (surefire sets {@code target/work}; else {@code java.io.tmpdir}) and
 * deleted with everything in them when the JVM exits, since the test class is loaded twice (in the test JVM for
 * {@code @Configuration} and again in the probe) and no {@code @AfterClass} sees both folders.
 */
final class TestWork {
    private TestWork() {}

    /** A new, empty folder named {@code <prefix>...}, removed at JVM exit. */
    static Path create(String prefix) {
        try {
            Path base = Path.of(System.getProperty("comet.test.work", System.getProperty("java.io.tmpdir")));
            Path dir = Files.createTempDirectory(Files.createDirectories(base), prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete " + dir));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder for " + prefix, e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("cannot remove test folder " + root + ": " + e);
        }
    }
}
