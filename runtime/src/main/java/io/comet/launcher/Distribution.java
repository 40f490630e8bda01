package io.comet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The bundle layout of a Comet distribution, read from its home folder.
 *
 * <p>Layout: {@code bundle/<N>/*.jar} are the bundles every node runs, started at start level {@code N}
 * (2 OSGi services and Gogo, 3 platform libraries and Comet's base bundles; level 1 is empty since SLF4J and
 * Logback moved to {@code lib/}, the launcher's class path);
 * {@code feature/<role>/*.jar} are the role's own bundles, started at the level above the highest {@code N}.
 * Jars are installed in name order within a level. A role is available only when its feature folder holds the
 * bundle named by {@link Role#roleBundle()}: a feature folder without it (the broker feature before the broker
 * bundle exists) does not make a node.
 */
public final class Distribution {

    private final Path home;
    private final TreeMap<Integer, List<Path>> levels;

    private Distribution(Path home, TreeMap<Integer, List<Path>> levels) {
        this.home = home;
        this.levels = levels;
    }

    /**
     * @throws LaunchException when {@code home/bundle} holds no level folder with bundles
     */
    public static Distribution at(Path home) throws LaunchException {
        Path bundleDir = home.resolve("bundle");
        TreeMap<Integer, List<Path>> levels = new TreeMap<>();
        if (Files.isDirectory(bundleDir)) {
            try (Stream<Path> dirs = Files.list(bundleDir)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    String name = dir.getFileName().toString();
                    if (!name.matches("[1-9][0-9]{0,2}")) {
                        throw new LaunchException("unexpected folder " + dir + ": bundle/ holds start levels 1, 2, ...");
                    }
                    levels.put(Integer.parseInt(name), jars(dir));
                }
            } catch (IOException e) {
                throw new LaunchException("cannot list " + bundleDir + ": " + e.getMessage(), e);
            }
        }
        if (levels.values().stream().allMatch(List::isEmpty)) {
            throw new LaunchException("no bundles in " + bundleDir + ": " + home + " is not a Comet distribution");
        }
        return new Distribution(home, levels);
    }

    /** Start level → the jars installed at that level, in install order. */
    public TreeMap<Integer, List<Path>> baseLevels() {
        return levels;
    }

    /** The start level of the role's own bundles: one above the highest base level. */
    public int featureLevel() {
        return levels.lastKey() + 1;
    }

    /** The folder holding the role's bundles. */
    public Path featureDir(Role role) {
        return home.resolve("feature").resolve(role.id());
    }

    /**
     * The role's bundles, after checking that the role's own bundle is among them.
     *
     * @throws LaunchException saying the role is not available in this build when its bundle is missing
     */
    public List<Path> featureBundles(Role role) throws LaunchException {
        Path dir = featureDir(role);
        List<Path> jars = Files.isDirectory(dir) ? jars(dir) : List.of();
        for (Path jar : jars) {
            if (symbolicName(jar).filter(role.roleBundle()::equals).isPresent()) {
                return jars;
            }
        }
        throw new LaunchException("The " + role.id() + " role is not available in this build of Comet (its bundles"
                + " are not built yet): no " + role.roleBundle() + " bundle in " + dir);
    }

    /** The Bundle-SymbolicName of a jar (without directives), if it is a bundle. */
    static Optional<String> symbolicName(Path jar) throws LaunchException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            String bsn = mf == null ? null : mf.getMainAttributes().getValue("Bundle-SymbolicName");
            return Optional.ofNullable(bsn).map(s -> s.split(";", 2)[0].trim());
        } catch (IOException e) {
            throw new LaunchException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> jars(Path dir) throws LaunchException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = new ArrayList<>(files
                    .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList());
            return List.copyOf(out);
        } catch (IOException e) {
            throw new LaunchException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
