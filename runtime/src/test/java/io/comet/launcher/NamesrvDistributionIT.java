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
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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
