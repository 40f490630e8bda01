package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging of the packaged distribution: SLF4J and Logback on the launcher's class path ({@code lib/}), their
 * packages exported by the system bundle ({@code org.osgi.framework.system.packages.extra} in
 * {@code etc/config.properties}) at the versions of the jars, every bundle's SLF4J/Logback import satisfied by
 * that list, no SPI Fly or ASM left, and {@code conf/logback.xml}'s level honoured by a booted node.
 */
@Timeout(120)
class LoggingDistributionIT {

    private static final String EXTRA = "org.osgi.framework.system.packages.extra";

    @TempDir
    Path tmp;

    @Test
    void systemBundleExportsTheLoggingJarsPackagesAtTheirVersionsAndNoWeaverIsLeft() throws Exception {
        Path home = Dist.packaged();
        Set<String> libExports = new HashSet<>();
        List<String> libJars = new ArrayList<>();
        for (Path jar : jars(home.resolve("lib"))) {
            libJars.add(jar.getFileName().toString());
            for (Clause c : clauses(header(jar, "Export-Package"))) {
                libExports.add(c.name() + " " + c.attr("version"));
            }
        }
        for (String prefix : List.of("slf4j-api-", "logback-classic-", "logback-core-")) {
            assertTrue(libJars.stream().anyMatch(n -> n.startsWith(prefix)), prefix + "*.jar in lib/: " + libJars);
        }

        Map<String, List<String>> exported = new HashMap<>();
        for (Clause c : clauses(frameworkProperties(home).getProperty(EXTRA, ""))) {
            String version = c.attr("version");
            assertTrue(libExports.contains(c.name() + " " + version), c.name() + " " + version + ": " + EXTRA
                    + " must name a version a lib/ jar exports it at: " + libExports);
            exported.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(version);
        }
        assertTrue(exported.containsKey("org.slf4j"), EXTRA + " exports org.slf4j: " + exported);

        List<Path> bundles = new ArrayList<>();
        for (String dir : List.of("bundle", "feature")) {
            try (Stream<Path> s = Files.walk(home.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(bundles::add);
            }
        }
        int checkedImports = 0;
        for (Path jar : bundles) {
            String bsn = header(jar, "Bundle-SymbolicName");
            for (String gone : List.of("slf4j.", "ch.qos.logback", "org.apache.aries.spifly", "org.objectweb.asm")) {
                assertFalse(bsn != null && bsn.startsWith(gone), jar + " (" + bsn + ") must not be a bundle any more");
            }
            for (Clause c : clauses(header(jar, "Import-Package"))) {
                boolean logging = c.name().startsWith("org.slf4j") || c.name().startsWith("ch.qos.logback");
                if (!logging || "optional".equals(c.attr("resolution:"))) {
                    continue;
                }
                List<String> versions = exported.getOrDefault(c.name(), List.of());
                assertTrue(versions.stream().anyMatch(v -> inRange(v, c.attr("version"))), jar.getFileName()
                        + " imports " + c.name() + " " + c.attr("version") + ", " + EXTRA + " exports it at "
                        + versions);
                checkedImports++;
            }
            if (bsn != null && bsn.equals("io.netty.common")) {
                // optional, but it is how Netty's own warnings reach the node's log (as with the slf4j-api bundle)
                assertTrue(exported.getOrDefault("org.slf4j", List.of()).stream()
                        .anyMatch(v -> inRange(v, "[1.7,2)")), "org.slf4j 1.7 for Netty: " + exported);
            }
        }
        assertTrue(checkedImports >= 5, "the Comet bundles and felix.logback import SLF4J: " + checkedImports);
    }

    @Test
    void aBootedNodeLogsThroughLogbackAtTheLevelConfLogbackXmlTakesFromTheCommandLine() throws Exception {
        try (Dist dist = new Dist(tmp)) {
            bootAtWarn(dist);
        }
    }

    private static void bootAtWarn(Dist dist) throws Exception {
        int port = Dist.freePort();
        Path conf = dist.namesrvConfig("namesrv.properties", port);
        Map<String, String> env = Map.of("JAVA_OPT", "-Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -Duser.home="
                + dist.work.resolve("home") + " -Dcomet.log.level=WARN");
        Process node = dist.start("namesrv", env, "mqnamesrv", "-c", conf.toString());
        String started = "Comet namesrv-" + port + " started";
        assertTrue(Dist.await(90_000, () -> output(dist).contains(started) || !node.isAlive()) && node.isAlive(),
                "node did not start:\n" + output(dist));
        String out = output(dist);
        assertFalse(out.contains("bundles not active"), "felix.log/felix.logback resolve and start:\n" + out);
        assertFalse(out.contains("SLF4J"), "SLF4J finds Logback (no NOP or multiple-provider warning):\n" + out);
        assertTrue(Files.exists(dist.logs.resolve("namesrv.log")), "Logback opened namesrv.log in ROCKETMQ_LOG_DIR");
        assertFalse(dist.log("namesrv.log").contains(NamesrvDistributionIT.BOOT_LINE),
                "an INFO line is not written at root level WARN:\n" + dist.log("namesrv.log"));
        node.destroy();
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node stops on SIGTERM");
    }

    private static String output(Dist dist) {
        try {
            return dist.output("namesrv");
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Properties frameworkProperties(Path home) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(home.resolve("etc/config.properties"),
                StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        return p;
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static String header(Path jar, String name) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            return jf.getManifest() == null ? null
                    : jf.getManifest().getMainAttributes().getValue(new Attributes.Name(name));
        }
    }

    /** One clause of an OSGi manifest header: {@code name;attr=value;directive:=value}. */
    record Clause(String name, Map<String, String> attrs) {
        String attr(String key) {
            return attrs.get(key);
        }
    }

    /** The clauses of an OSGi header (commas and semicolons inside quotes do not split). */
    static List<Clause> clauses(String header) {
        List<Clause> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            Map<String, String> attrs = new HashMap<>();
            List<String> names = new ArrayList<>();
            for (String part : parts) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    names.add(part.trim());
                } else {
                    boolean directive = eq > 0 && part.charAt(eq - 1) == ':';
                    String key = part.substring(0, directive ? eq - 1 : eq).trim() + (directive ? ":" : "");
                    attrs.put(key, part.substring(eq + 1).trim().replace("\"", ""));
                }
            }
            names.forEach(n -> out.add(new Clause(n, attrs)));
        }
        return out;
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** Whether {@code version} lies in an OSGi version range ({@code [a,b)}, or a bare floor); no range = any. */
    static boolean inRange(String version, String range) {
        if (range == null) {
            return true;
        }
        if (!range.startsWith("[") && !range.startsWith("(")) {
            return compare(version, range) >= 0;
        }
        String[] ends = range.substring(1, range.length() - 1).split(",");
        int lo = compare(version, ends[0].trim());
        int hi = compare(version, ends[1].trim());
        return (range.startsWith("[") ? lo >= 0 : lo > 0) && (range.endsWith("]") ? hi <= 0 : hi < 0);
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0,
                    i < y.length ? Integer.parseInt(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }
}
