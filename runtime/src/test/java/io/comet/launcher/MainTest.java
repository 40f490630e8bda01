package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's answers that come before any framework starts: usage, help, refusals. */
@Timeout(30)
class MainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Path home, String... args) {
        Properties sys = new Properties();
        sys.setProperty("user.home", tmp.resolve("user").toString());
        if (home != null) {
            sys.setProperty("comet.home", home.toString());
        }
        return Main.run(List.of(args), Map.of("COMET_RUN_DIR", tmp.resolve("run").toString()), sys,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }
    private String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test
    void badOptionPrintsTheProblemAndTheUsageAndExitsTwo() {
        assertEquals(2, run(null, "namesrv", "--bogus"));
        assertTrue(err().startsWith("mqnamesrv: unknown option '--bogus'\nusage: bin/mqnamesrv"), err());
        assertEquals("", out());
    }

    @Test
    void badNameServerAddressIsRefusedWithUsage() {
        assertEquals(2, run(null, "broker", "-n", "127.0.0.1"));
        assertTrue(err().contains("'127.0.0.1' is not a name server address"), err());
        assertTrue(err().contains("usage: bin/mqbroker"), err());
    }

    @Test
    void missingOrUnknownRoleShowsTheGenericUsage() {
        assertEquals(2, run(null));
        assertTrue(err().contains("missing role") && err().contains("usage: io.comet.launcher.Main"), err());
        assertEquals(2, run(null, "router"));
        assertTrue(err().contains("unknown role 'router'"), err());
    }

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() {
        assertEquals(0, run(null, "controller", "-h"));
        assertTrue(out().startsWith("usage: bin/mqcontroller"), out());
        assertEquals("", err());
    }

    @Test
    void missingConfigFileIsNamedAndExitsOne() throws Exception {
        Path home = FakeDistribution.create(tmp.resolve("home"));
        assertEquals(1, run(home, "namesrv", "-c", tmp.resolve("nope.properties").toString()));
        assertTrue(err().contains("configuration file not found: " + tmp.resolve("nope.properties")), err());
    }

    @Test
    void brokerWithoutTheBrokerBundleRefusesToStart() throws Exception {
        Path home = FakeDistribution.create(tmp.resolve("home"));
        assertEquals(1, run(home, "broker", "-n", "127.0.0.1:9876"));
        assertTrue(err().contains("The broker role is not available in this build of Comet (its bundles are not"
                + " built yet): no io.comet.broker bundle in " + home.resolve("feature/broker")), err());
    }

    @Test
    void controllerWithoutItsFeatureRefusesToStart() throws Exception {
        Path home = FakeDistribution.create(tmp.resolve("home"));
        java.nio.file.Files.createDirectories(home.resolve("conf/controller"));
        java.nio.file.Files.writeString(home.resolve("conf/controller/controller.conf"), "controllerDLegerSelfId=n0\n");
        assertEquals(1, run(home, "controller"));
        assertTrue(err().contains("The controller role is not available in this build of Comet"), err());
    }

    @Test
    void withoutHomeTheLauncherSaysHowToStart() {
        assertEquals(1, run(null, "namesrv"));
        assertTrue(err().contains("comet.home is not set: start the node with bin/mqnamesrv"), err());
    }
}
