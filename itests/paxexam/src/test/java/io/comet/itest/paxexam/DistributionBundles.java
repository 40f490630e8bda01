package io.comet.itest.paxexam;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The bundles of the packaged distribution ({@code runtime/target/comet}) as pax-exam options, at the start levels
 * the launcher uses: {@code bundle/N/*.jar} at level N, the role's {@code feature/<role>/*.jar} one level above.
 * So these tests run the same jars, resolved the same way, as {@code bin/mq<role>}. SLF4J and Logback are not
 * bundles: as in the launcher, the system bundle exports their packages from the class path (this module's test
 * dependencies), listed in the distribution's {@code etc/config.properties}.
 */
final class DistributionBundles {
    /** The highest {@code bundle/N} folder looked at (the launcher accepts up to 999; the distribution uses 2-3). */
    private static final int MAX_LEVEL = 20;

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
        options.add(systemPackages(systemPackagesExtra(dist)));
        int top = 0;
        for (int level = 1; level <= MAX_LEVEL; level++) {
            if (!Files.isDirectory(dist.resolve("bundle/" + level))) {
                continue; // level 1 is empty: logging is on the class path
            }
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

    /** The packages the launcher's system bundle exports from its class path ({@code etc/config.properties}). */
    static String[] systemPackagesExtra(Path dist) {
        Path file = dist.resolve("etc/config.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String extra = p.getProperty("org.osgi.framework.system.packages.extra");
        if (extra == null || extra.isBlank()) {
            throw new IllegalStateException(file + " has no org.osgi.framework.system.packages.extra");
        }
        return extra.split(",");
    }

    private static List<File> jars(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (run mvn package first)", e);
        }
    }
}
