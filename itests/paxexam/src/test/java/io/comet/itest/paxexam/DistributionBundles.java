package io.comet.itest.paxexam;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The bundles of the packaged distribution ({@code runtime/target/comet}) as pax-exam options, at the start levels
 * the launcher uses: {@code bundle/N/*.jar} at level N, the role's {@code feature/<role>/*.jar} one level above.
 * So these tests run the same jars, resolved the same way, as {@code bin/mq<role>}.
 */
final class DistributionBundles {
    private DistributionBundles() {}

    static Path distribution() {
        String dist = System.getProperty("comet.dist");
        if (dist == null) {
            throw new IllegalStateException("system property comet.dist is not set");
        }
        return Path.of(dist).toAbsolutePath().normalize();
    }

    /** Base levels plus the feature bundles of {@code role} whose file name {@code featureFilter} accepts. */
    static List<Option> of(String role, Predicate<String> featureFilter) {
        Path dist = distribution();
        List<Option> options = new ArrayList<>();
        int top = 0;
        for (int level = 1; Files.isDirectory(dist.resolve("bundle/" + level)); level++) {
            for (File jar : jars(dist.resolve("bundle/" + level))) {
                options.add(bundle(jar.toURI().toString()).startLevel(level).start());
            }
            top = level;
        }
        int featureLevel = top + 1;
        for (File jar : jars(dist.resolve("feature/" + role))) {
            if (featureFilter.test(jar.getName())) {
                options.add(bundle(jar.toURI().toString()).startLevel(featureLevel).start());
            }
        }
        options.add(junitBundles());
        options.add(frameworkStartLevel(featureLevel + 1));
        options.add(cleanCaches(true));
        return options;
    }

    private static List<File> jars(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (run mvn package first)", e);
        }
    }
}
