package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution, run as users run it: {@code bin/mqnamesrv} as a process, its log where RocketMQ
 * operators look, stopped by {@code bin/mqshutdown} or SIGTERM.
 */
@Timeout(180)
class NamesrvDistributionIT {

    static final String BOOT_LINE = "The Name Server boot success";

    @TempDir
    Path tmp;
    Dist dist;

    @BeforeEach
    void setUp() throws IOException {
        dist = new Dist(tmp);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        dist.close();
    }

    private long bootAndAwaitLine(Process node, String name) throws Exception {
        long t0 = System.nanoTime();
        boolean booted = Dist.await(90_000, () -> logContains(BOOT_LINE) || !node.isAlive());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(booted && node.isAlive(), "no boot line in namesrv.log after " + ms + " ms; node output:\n"
                + dist.output(name) + "\nnamesrv.log:\n" + dist.log("namesrv.log"));
        System.out.println("bin/mqnamesrv start -> '" + BOOT_LINE + "' in namesrv.log: " + ms + " ms");
        return ms;
    }

    private boolean logContains(String s) {
        try {
            return dist.log("namesrv.log").contains(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            assertTrue(s.isConnected());
        }
    }

    @Test
    void bootsLogsWhereOperatorsLookServesAndStopsWithMqshutdown() throws Exception {
        int port = Dist.freePort();
        Path conf = dist.namesrvConfig("namesrv.properties", port);
        Process node = dist.start("namesrv", "mqnamesrv", "-c", conf.toString());
        bootAndAwaitLine(node, "namesrv");
        connect(port);

        Path pidFile = dist.run.resolve("namesrv-" + port + ".pid");
        assertEquals(Long.toString(node.pid()), Files.readString(pidFile).trim());

        int status = dist.runToEnd("shutdown", 60, "mqshutdown", "namesrv");
        String out = dist.output("shutdown");
        assertEquals(0, status, out);
        assertTrue(out.contains("Send shutdown request to mqnamesrv(" + node.pid() + ") OK"), out);
        assertTrue(out.contains("mqnamesrv stopped"), out);
        assertTrue(node.waitFor(5, TimeUnit.SECONDS), "mqshutdown returned but the node runs");

        assertFalse(Files.exists(pidFile), "pid file removed at stop");
        assertTrue(dist.output("namesrv").contains("Comet namesrv-" + port + " stopped"), dist.output("namesrv"));
        assertThrows(ConnectException.class, () -> connect(port), "port closed after stop");
        // with the port named there is no ps fallback, which could reach another test's (or a user's) namesrv
        assertEquals(1, dist.runToEnd("shutdown-again", 30, "mqshutdown", "namesrv", Integer.toString(port)),
                "nothing left to stop");
        assertTrue(dist.output("shutdown-again").contains("No mqnamesrv " + port + " running."));
    }

    /**
     * Two nodes of one role from two distributions: the scripts and the launcher agree on the run folder (the pid
     * file lands in {@code $HOME/.comet/run} even when {@code user.home} says otherwise), and mqshutdown's ps
     * fallback (no pid file in its run folder) stops only the nodes of its own distribution.
     */
    @Test
    void mqshutdownWithoutPidFileStopsOnlyItsOwnDistributionsNodes() throws Exception {
        int portA = Dist.freePort();
        Process a = dist.start("a", "mqnamesrv", "-c", dist.namesrvConfig("a.properties", portA).toString());

        Path home2 = Dist.copyOfPackaged(tmp.resolve("dist2"));
        Dist other = new Dist(Files.createDirectories(tmp.resolve("work2")), home2);
        try {
            Path userHome = Files.createDirectories(tmp.resolve("shell-home"));
            int portB = Dist.freePort();
            Map<String, String> noRunDir = new HashMap<>();
            noRunDir.put("COMET_RUN_DIR", null);
            noRunDir.put("HOME", userHome.toString());
            Process b = other.start("b", noRunDir, "mqnamesrv", "-c",
                    other.namesrvConfig("b.properties", portB).toString());
            bootAndAwaitLine(a, "a");
            Path pidB = userHome.resolve(".comet/run/namesrv-" + portB + ".pid");
            assertTrue(Dist.await(90_000, () -> Files.exists(pidB) || !b.isAlive()),
                    "pid file of the node started without COMET_RUN_DIR in $HOME/.comet/run (not user.home); output:\n"
                            + other.output("b"));
            assertTrue(Dist.await(90_000, () -> outputOf(other, "b").contains(" started in ") || !b.isAlive()),
                    other.output("b"));
            assertTrue(b.isAlive(), other.output("b"));

            Path emptyRun = Files.createDirectories(tmp.resolve("empty-run"));
            int status = other.runToEnd("shutdown-b", Map.of("COMET_RUN_DIR", emptyRun.toString()), 60,
                    "mqshutdown", "namesrv");
            String out = other.output("shutdown-b");
            assertEquals(0, status, out);
            assertTrue(out.contains("Send shutdown request to mqnamesrv(" + b.pid() + ") OK"), out);
            assertFalse(out.contains("(" + a.pid() + ")"), "the other distribution's node was signalled:\n" + out);
            assertTrue(b.waitFor(10, TimeUnit.SECONDS), "the node of this distribution stopped");
            assertTrue(a.isAlive(), "the node of the other distribution still runs");
            connect(portA);

            assertEquals(0, dist.runToEnd("shutdown-a", 60, "mqshutdown", "namesrv", Integer.toString(portA)),
                    dist.output("shutdown-a"));
            assertTrue(a.waitFor(10, TimeUnit.SECONDS));
        } finally {
            other.close();
            Dist.removeLinks(home2);
        }
    }

    /** A NameServer whose port is taken must not look healthy: it exits non-zero naming the port. */
    @Test
    void portInUseEndsTheNodeWithAnErrorNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process node = dist.start("busy", "mqnamesrv", "-c", dist.namesrvConfig("busy.properties", port).toString());
            assertTrue(node.waitFor(90, TimeUnit.SECONDS), "a node that cannot bind kept running; output:\n"
                    + dist.output("busy"));
            String out = dist.output("busy");
            assertEquals(1, node.exitValue(), out);
            // Either the launcher's readiness wait reports it ("failed to start: ...") or the NameServer stops the
            // node itself through the config bundle's NodeStopper first ("stopped: <reason>"); both name the cause.
            String failure = out.lines().filter(l -> l.startsWith("Comet namesrv-")
                            && (l.contains("failed to start") || l.contains(" stopped: ")))
                    .findFirst().orElse("");
            assertTrue(failure.contains("Comet namesrv-" + port) && failure.contains(Integer.toString(port))
                    && failure.contains("in use"), "the failure names the node, the port and the cause:\n" + out);
            assertFalse(out.contains(" started in "), "never reported as started:\n" + out);
            assertFalse(Files.exists(dist.run.resolve("namesrv-" + port + ".pid")), "pid file removed");
        }
    }

    /** With --console the g! prompt appears only after "started", when the mq: commands exist. */
    @Test
    void consolePromptAppearsOnlyOnceTheNodeIsReady() throws Exception {
        int port = Dist.freePort();
        Process node = dist.start("console", "mqnamesrv", "--console", "-c",
                dist.namesrvConfig("console.properties", port).toString());
        assertTrue(Dist.await(90_000, () -> outputOf("console").contains("g!") || !node.isAlive()),
                "no prompt; output:\n" + dist.output("console"));
        String out = dist.output("console");
        int started = out.indexOf(" started in ");
        assertTrue(started >= 0 && started < out.indexOf("g!"), "\"started\" before the prompt:\n" + out);
        int mark = out.length();
        node.getOutputStream().write("mq:status\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        node.getOutputStream().flush();
        assertTrue(Dist.await(30_000, () -> outputOf("console").substring(mark).contains("namesrv")),
                "mq:status answers at the first prompt:\n" + dist.output("console"));
        assertFalse(outputOf("console").substring(mark).contains("not found"), dist.output("console"));
        node.destroy();
        assertTrue(node.waitFor(45, TimeUnit.SECONDS));
    }

    private String outputOf(String name) {
        return outputOf(dist, name);
    }

    private static String outputOf(Dist d, String name) {
        try {
            return d.output(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void sigtermAloneStopsTheNodeCleanly() throws Exception {
        int port = Dist.freePort();
        Process node = dist.start("namesrv", "mqnamesrv", "-c", dist.namesrvConfig("ns.properties", port).toString());
        bootAndAwaitLine(node, "namesrv");
        Path pidFile = dist.run.resolve("namesrv-" + port + ".pid");
        Path cache = dist.run.resolve("namesrv-" + port + ".felix-cache");
        assertTrue(Files.exists(pidFile) && Files.isDirectory(cache));

        node.destroy(); // SIGTERM
        assertTrue(node.waitFor(45, TimeUnit.SECONDS), "SIGTERM did not stop the node");
        assertEquals(143, node.exitValue(), "exit status of a JVM ended by SIGTERM");
        String out = dist.output("namesrv");
        assertTrue(out.contains("Comet namesrv-" + port + " stopping") && out.contains("Comet namesrv-" + port
                + " stopped"), out);
        assertFalse(Files.exists(pidFile), "pid file removed by the shutdown hook");
        assertFalse(Files.exists(cache), "framework cache removed by the shutdown hook");
        assertThrows(ConnectException.class, () -> connect(port));
    }

    @Test
    void scriptsWorkFromAnyFolderAndRefuseBadArguments() throws Exception {
        assertEquals(2, dist.runToEnd("bad", 30, "mqnamesrv", "--bogus"));
        String out = dist.output("bad");
        assertTrue(out.contains("mqnamesrv: unknown option '--bogus'") && out.contains("usage: bin/mqnamesrv"), out);

        assertEquals(0, dist.runToEnd("help", 30, "mqbroker", "-h"));
        assertTrue(dist.output("help").startsWith("usage: bin/mqbroker"), dist.output("help"));

        assertEquals(2, dist.runToEnd("shutdown-usage", 10, "mqshutdown", "nameserver"));
        assertTrue(dist.output("shutdown-usage").contains("usage: mqshutdown namesrv|broker|controller"));
    }

    @Test
    void launcherJarFindsItsHomeWithoutTheScripts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(noBundle("broker", "io.comet.broker"),
                "the broker bundle is part of this distribution");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", dist.home.resolve("lib/comet-launcher.jar").toString(),
                "broker").directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("jar.out").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = Files.readString(tmp.resolve("jar.out"));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("no io.comet.broker bundle in " + dist.home.resolve("feature/broker")), out);
    }

    @Test
    void brokerRefusesToStartWithoutTheBrokerBundle() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(noBundle("broker", "io.comet.broker"),
                "the broker bundle is part of this distribution");
        assertEquals(1, dist.runToEnd("broker", 60, "mqbroker", "-n", "127.0.0.1:9876"));
        String out = dist.output("broker");
        assertTrue(out.contains("The broker role is not available in this build of Comet (its bundles are not"
                + " built yet)"), out);
        assertTrue(Files.list(dist.run).findAny().isEmpty(), "a refused node leaves no pid file");
    }

    @Test
    void controllerRefusesToStartWithoutTheControllerBundle() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(noBundle("controller", "io.comet.controller"),
                "the controller bundle is part of this distribution");
        assertEquals(1, dist.runToEnd("controller", 60, "mqcontroller"));
        assertTrue(dist.output("controller").contains("The controller role is not available in this build of Comet"),
                dist.output("controller"));
    }

    @Test
    void unknownKeyStopsStartupNamingKeyValueAndFile() throws Exception {
        int port = Dist.freePort();
        Path conf = dist.namesrvConfig("typo.properties", port, "listenPortt=9877");
        Process node = dist.start("typo", "mqnamesrv", "-c", conf.toString());
        assertTrue(node.waitFor(90, TimeUnit.SECONDS), "a node with an unknown key kept running; output:\n"
                + dist.output("typo"));
        assertTrue(node.exitValue() != 0, "exit status " + node.exitValue());
        String out = dist.output("typo");
        assertTrue(out.contains("listenPortt") && out.contains(conf.toString()), "key and file named:\n" + out);
        String refusal = out.lines().filter(l -> l.contains("listenPortt")).findFirst().orElse("");
        assertTrue(refusal.contains("9877"), "the refusal must name the value too (issue 2, item 3):\n" + refusal);
        assertFalse(logContains(BOOT_LINE), "the NameServer must not boot on a refused configuration");
        assertFalse(Files.exists(dist.run.resolve("namesrv-" + port + ".pid")));
    }

    @Test
    void printConfigListsTheValuesAndExitsWithoutServing() throws Exception {
        int port = Dist.freePort();
        Path conf = dist.namesrvConfig("p.properties", port);
        assertEquals(0, dist.runToEnd("print", 90, "mqnamesrv", "-p", "-c", conf.toString()),
                dist.output("print"));
        String out = dist.output("print");
        assertTrue(out.lines().anyMatch(("listenPort=" + port)::equals), out);
        assertTrue(out.lines().anyMatch("bindAddress=127.0.0.1"::equals), out);
        assertFalse(logContains(BOOT_LINE), "-p must not start the NameServer");
    }

    /**
     * The role's archive ({@code lib/namesrv.jsa}, recorded from a real boot at package) serves the launcher's
     * classes and the bundles' classes, which Felix's class loaders define: a run with {@code -Xlog:class+load}
     * shows both coming from the archive's top layer, and from their jars with {@code COMET_CDS=off}.
     */
    @Test
    void scriptsLoadLauncherAndBundleClassesFromTheRolesClassDataArchiveUnlessTurnedOff() throws Exception {
        for (String role : new String[] {"namesrv", "broker"}) {
            assertTrue(Files.isRegularFile(dist.home.resolve("lib/" + role + ".jsa")),
                    "lib/" + role + ".jsa is made at package (runtime/target/cds-training.log says why not)");
        }
        Path conf = dist.namesrvConfig("cds.properties", Dist.freePort());
        Map<String, String> sources = Map.of(
                "io.comet.launcher.Main", "comet-launcher.jar",
                "org.apache.felix.framework.Felix", "org.apache.felix.framework-",
                "io.comet.config.internal.ConfigLoader", "bundle/3/comet-config-");
        for (boolean on : new boolean[] {true, false}) {
            Path classes = dist.work.resolve("classes-" + on + ".txt");
            Map<String, String> env = Map.of("COMET_CDS", on ? "on" : "off", "JAVA_OPT", "-Xms32m -Xmx256m"
                    + " -Xlog:class+load=info:file=" + classes + " -Duser.home=" + dist.work.resolve("home"));
            assertEquals(0, dist.runToEnd("cds-" + on, env, 90, "mqnamesrv", "-p", "-c", conf.toString()),
                    dist.output("cds-" + on));
            List<String> log = Files.readAllLines(classes);
            sources.forEach((cls, jar) -> {
                String line = log.stream().filter(l -> l.contains(" " + cls + " source: ")).findFirst()
                        .orElseThrow(() -> new AssertionError(cls + " was not loaded? " + classes));
                assertTrue(on ? line.endsWith("source: shared objects file (top)") : line.contains(jar), line);
            });
        }
    }

    private boolean noBundle(String role, String bsn) throws Exception {
        Path dir = dist.home.resolve("feature").resolve(role);
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (var jars = Files.list(dir)) {
            for (Path jar : jars.toList()) {
                if (Distribution.symbolicName(jar).filter(bsn::equals).isPresent()) {
                    return false;
                }
            }
        }
        return true;
    }
}
