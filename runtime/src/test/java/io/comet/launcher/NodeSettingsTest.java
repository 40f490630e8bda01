package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSettingsTest {

    @TempDir
    Path tmp;
    Path home;
    Properties sys;

    @BeforeEach
    void setUp() throws Exception {
        home = FakeDistribution.create(tmp.resolve("home"));
        sys = new Properties();
        sys.setProperty("comet.home", home.toString());
        sys.setProperty("user.home", tmp.resolve("user").toString());
    }

    private NodeSettings resolve(Map<String, String> env, String... args) throws Exception {
        return NodeSettings.resolve(CommandLineParser.parse(List.of(args)), env, sys);
    }

    @Test
    void defaultsFollowRocketMq() throws Exception {
        NodeSettings s = resolve(Map.of(), "namesrv");
        assertEquals(home.resolve("conf/namesrv.properties"), s.configFile());
        assertEquals(tmp.resolve("user/logs/rocketmqlogs"), s.logsDir());
        assertEquals(tmp.resolve("user/logs/rocketmqlogs/namesrv.log"), s.logFile());
        assertEquals(tmp.resolve("user/.comet/run/namesrv-9876.pid"), s.pidFile());
    }

    @Test
    void logsFolderComesFromPropertyThenRocketMqVariableThenHome() throws Exception {
        Map<String, String> env = Map.of("ROCKETMQ_LOG_DIR", tmp.resolve("envlogs").toString());
        assertEquals(tmp.resolve("envlogs"), resolve(env, "namesrv").logsDir());
        sys.setProperty("comet.logs.dir", tmp.resolve("proplogs").toString());
        assertEquals(tmp.resolve("proplogs"), resolve(env, "namesrv").logsDir());
    }

    @Test
    void runFolderComesFromPropertyThenVariableThenHome() throws Exception {
        Map<String, String> env = Map.of("COMET_RUN_DIR", tmp.resolve("envrun").toString());
        assertEquals(tmp.resolve("envrun/namesrv-9876.pid"), resolve(env, "namesrv").pidFile());
        sys.setProperty("comet.run.dir", tmp.resolve("proprun").toString());
        assertEquals(tmp.resolve("proprun/namesrv-9876.pid"), resolve(env, "namesrv").pidFile());
    }

    @Test
    void pidFileIsNamedAfterTheConfiguredListenPort() throws Exception {
        Path conf = tmp.resolve("broker-b.properties");
        Files.writeString(conf, "brokerName=broker-b\nlistenPort = 10921 \n");
        NodeSettings s = resolve(Map.of(), "broker", "-c", conf.toString());
        assertEquals("broker-10921", s.nodeName());
        assertEquals("broker-10921.pid", s.pidFile().getFileName().toString());
        assertEquals(conf, s.configFile());
    }

    @Test
    void ephemeralListenPortNamesTheNodeAfterItsPidSoTwoNeverCollide() throws Exception {
        Path conf = tmp.resolve("ns0.properties");
        Files.writeString(conf, "listenPort=0\n");
        long pid = ProcessHandle.current().pid();
        NodeSettings s = resolve(Map.of(), "namesrv", "-c", conf.toString());
        assertEquals("namesrv-0-" + pid, s.nodeName());
        assertEquals("namesrv-0-" + pid + ".pid", s.pidFile().getFileName().toString());
        assertEquals("0-41", NodeSettings.nodeId(Role.NAMESRV, conf, 41));
        assertEquals("0-42", NodeSettings.nodeId(Role.NAMESRV, conf, 42));
    }

    @Test
    void controllerWithoutListenPortIsNamedAfterItsSelfId() throws Exception {
        Path conf = tmp.resolve("controller-n1.conf");
        Files.writeString(conf, "controllerDLegerSelfId = n1\ncontrollerDLegerPeers = n0-127.0.0.1:9877;n1-127.0.0.1:9878\n");
        assertEquals("controller-n1", resolve(Map.of(), "controller", "-c", conf.toString()).nodeName());
    }

    @Test
    void brokerWithoutListenPortUsesRocketMqsDefaultPort() throws Exception {
        assertEquals("broker-10911", resolve(Map.of(), "broker").nodeName());
    }

    @Test
    void nonNumericListenPortIsRefusedNamingKeyValueAndFile() throws Exception {
        Path conf = tmp.resolve("bad.properties");
        Files.writeString(conf, "listenPort=98x6\n");
        String msg = assertThrows(LaunchException.class, () -> resolve(Map.of(), "namesrv", "-c", conf.toString()))
                .getMessage();
        assertTrue(msg.contains(conf.toString()) && msg.contains("listenPort=98x6"), msg);
    }

    @Test
    void relativeConfigFileBecomesAbsolute() throws Exception {
        Path cwdFile = Path.of("").toAbsolutePath().resolve("target/relative-test.properties");
        Files.createDirectories(cwdFile.getParent());
        Files.writeString(cwdFile, "listenPort=9999\n");
        try {
            NodeSettings s = resolve(Map.of(), "namesrv", "-c", "target/relative-test.properties");
            assertTrue(s.configFile().isAbsolute());
            assertEquals(cwdFile, s.configFile());
        } finally {
            Files.deleteIfExists(cwdFile);
        }
    }

    @Test
    void configFolderIsNotAFile() {
        String msg = assertThrows(LaunchException.class, () -> resolve(Map.of(), "namesrv", "-c", tmp.toString()))
                .getMessage();
        assertTrue(msg.startsWith("configuration file not found: " + tmp), msg);
    }

    @Test
    void bundlePropertiesAreTheDocumentedContract() throws Exception {
        Path conf = tmp.resolve("b.conf");
        Files.writeString(conf, "listenPort=10911\n");
        Map<String, String> p = resolve(Map.of(), "broker", "-c", conf.toString(), "-n", "a:1,b:2", "--console")
                .bundleProperties();
        assertEquals(home.toString(), p.get("comet.home"));
        assertEquals("broker", p.get("comet.role"));
        assertEquals(conf.toString(), p.get("comet.config.file"));
        assertEquals("a:1;b:2", p.get("comet.namesrvAddr"));
        assertEquals(tmp.resolve("user/logs/rocketmqlogs").toString(), p.get("comet.logs.dir"));
        assertEquals("true", p.get("comet.console"));
        assertEquals("broker-10911", p.get("comet.node"));

        Map<String, String> plain = resolve(Map.of(), "namesrv").bundleProperties();
        assertFalse(plain.containsKey("comet.namesrvAddr"), "no -n, no comet.namesrvAddr");
        assertEquals("false", plain.get("comet.console"));
    }
}
