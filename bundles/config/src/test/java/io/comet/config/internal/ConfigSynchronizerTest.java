package io.comet.config.internal;

import static io.comet.config.internal.SyncFixture.await;
import static io.comet.config.internal.TestAttributes.integer;
import static io.comet.config.internal.TestAttributes.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.metatype.AttributeDefinition;

@Timeout(30)
class ConfigSynchronizerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CONF = """
            # broker-a of the 2m-noslave layout
            brokerClusterName=DefaultCluster
            brokerName = broker-a

            # the port
            listenPort=10915
            flushDiskType=SYNC_FLUSH
            """;

    @TempDir
    Path dir;
    private SyncFixture f;

    private SyncFixture start(String text) throws Exception {
        return start(text, null);
    }

    private SyncFixture start(String text, String namesrv) throws Exception {
        f = new SyncFixture(dir, text, KeyRouterTest.brokerCatalog(), namesrv);
        f.sync.load();
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void loadRoutesEveryKeyToItsPidWithTypedValuesAndDefaults() throws Exception {
        start(CONF);
        assertEquals("broker-a", f.admin.value("comet.broker", "brokerName"));
        assertEquals(10915, f.admin.value("comet.broker", "listenPort"), "an Integer, as metatype says");
        assertEquals(0L, f.admin.value("comet.broker", "brokerId"), "default of a key not in the file");
        assertEquals(Boolean.TRUE, f.admin.value("comet.broker", "autoCreateTopicEnable"));
        assertNull(f.admin.value("comet.broker", "namesrvAddr"), "no default, not in the file");
        assertEquals("SYNC_FLUSH", f.admin.value("comet.flush", "flushDiskType"));
        assertEquals(5000, f.admin.value("comet.flush", "syncFlushTimeout"));
        assertEquals(1, f.admin.updateCount("comet.broker"), "each PID is written once, with its final values");
        assertEquals(1, f.admin.updateCount("comet.flush"));
        assertEquals(CONF, f.text(), "loading does not touch the file");
        assertEquals("comet.flush", f.sync.pidOf("flushDiskType"));
        assertNull(f.sync.pidOf("brokerRole"));
        TreeMap<String, String> expected = new TreeMap<>(Map.of("autoCreateTopicEnable", "true",
                "brokerClusterName", "DefaultCluster", "brokerId", "0", "brokerName", "broker-a",
                "flushDiskType", "SYNC_FLUSH", "listenPort", "10915", "syncFlushTimeout", "5000"));
        assertEquals(expected, f.sync.current());
    }

    @Test
    void namesrvAddrFromTheCommandLineOverridesTheFile() throws Exception {
        start(CONF + "namesrvAddr=10.0.0.1:9876\n", "127.0.0.1:9876;127.0.0.2:9876");
        assertEquals("127.0.0.1:9876;127.0.0.2:9876", f.admin.value("comet.broker", "namesrvAddr"));
        assertEquals("10.0.0.1:9876", f.fileValue("namesrvAddr"), "the file is left as written");
    }

    @Test
    void namesrvAddrOnANodeWithoutBrokerIsRefusedNamingTheOption() throws Exception {
        f = new SyncFixture(dir, "listenPort=9876\n", KeyCatalog.of(Map.of("comet.namesrv",
                List.<AttributeDefinition>of(integer("listenPort", 9876)))), "127.0.0.1:9876");
        ConfigException e = assertThrows(ConfigException.class, f.sync::load);
        assertTrue(e.getMessage().startsWith("key 'namesrvAddr' (value '127.0.0.1:9876') in the -n option belongs to the broker, which is "
                + "not installed in role broker"), e.getMessage());
        assertEquals(0, f.admin.updateCount("comet.namesrv"), "nothing is configured when loading fails");
    }

    @Test
    void missingFileIsRefused() throws Exception {
        f = new SyncFixture(dir, null, KeyRouterTest.brokerCatalog(), null);
        ConfigException e = assertThrows(ConfigException.class, f.sync::load);
        assertEquals("configuration file " + dir.resolve("missing.conf") + " does not exist", e.getMessage());
        assertEquals(0, f.admin.updateCount("comet.broker"));
    }

    @Test
    void unknownKeyOrBadValueInTheFileStopsLoadingBeforeAnythingIsConfigured() throws Exception {
        f = new SyncFixture(dir, CONF + "brokerNam=x\n", KeyRouterTest.brokerCatalog(), null);
        ConfigException e = assertThrows(ConfigException.class, f.sync::load);
        assertTrue(e.getMessage().startsWith("unknown key 'brokerNam' (value 'x') in " + f.file + " (did you mean brokerName?"),
                e.getMessage());
        f.close();
        f = new SyncFixture(dir, CONF.replace("SYNC_FLUSH", "FAST"), KeyRouterTest.brokerCatalog(), null);
        e = assertThrows(ConfigException.class, f.sync::load);
        assertEquals("invalid value 'FAST' for flushDiskType in " + f.file
                + ": valid values are SYNC_FLUSH, ASYNC_FLUSH", e.getMessage());
        assertEquals(0, f.admin.updateCount("comet.broker"));
        assertEquals(0, f.admin.updateCount("comet.flush"));
    }

    @Test
    void updateAppliesAndWritesBackOnlyTheChangedLinesKeepingCommentsAndOrder() throws Exception {
        start(CONF);
        Map<String, String> change = new LinkedHashMap<>();
        change.put("listenPort", "10920");
        change.put("brokerId", "1");
        change.put("flushDiskType", "ASYNC_FLUSH");
        f.sync.update(change, "gogo");
        assertEquals(10920, f.admin.value("comet.broker", "listenPort"));
        assertEquals(1L, f.admin.value("comet.broker", "brokerId"));
        assertEquals("ASYNC_FLUSH", f.admin.value("comet.flush", "flushDiskType"));
        assertEquals("""
                # broker-a of the 2m-noslave layout
                brokerClusterName=DefaultCluster
                brokerName = broker-a

                # the port
                listenPort=10920
                flushDiskType=ASYNC_FLUSH
                brokerId=1
                """, f.text());
        assertEquals("10920", f.sync.current().get("listenPort"));
    }

    @Test
    void updateIsAllOrNothing() throws Exception {
        start(CONF);
        Map<String, String> change = new LinkedHashMap<>();
        change.put("listenPort", "10920");
        change.put("flushDiskType", "FAST");
        ConfigException e = assertThrows(ConfigException.class, () -> f.sync.update(change, "mqadmin"));
        assertEquals("invalid value 'FAST' for flushDiskType in mqadmin: valid values are SYNC_FLUSH, ASYNC_FLUSH",
                e.getMessage());
        assertEquals(10915, f.admin.value("comet.broker", "listenPort"));
        assertEquals(CONF, f.text());
        assertEquals(1, f.admin.updateCount("comet.broker"));
    }

    @Test
    void updateToTheDefaultOfAKeyAbsentFromTheFileLeavesTheFileAlone() throws Exception {
        start(CONF);
        f.sync.update(Map.of("brokerId", "0"), "gogo");
        assertEquals(CONF, f.text());
    }

    @Test
    void aDirectConfigAdminChangeIsWrittenBack() throws Exception {
        start(CONF);
        f.admin.set("comet.flush", "flushDiskType", "ASYNC_FLUSH");
        f.admin.set("comet.broker", "brokerClusterName", "OtherCluster");
        f.drain();
        assertEquals(CONF.replace("SYNC_FLUSH", "ASYNC_FLUSH").replace("DefaultCluster", "OtherCluster"), f.text());
        assertEquals("ASYNC_FLUSH", f.sync.current().get("flushDiskType"));
    }

    @Test
    void anInvalidDirectConfigAdminValueIsUndoneAndNotWrittenBack() throws Exception {
        start(CONF);
        f.admin.set("comet.flush", "flushDiskType", "FAST");
        f.drain();
        assertEquals("SYNC_FLUSH", f.admin.value("comet.flush", "flushDiskType"));
        assertEquals(CONF, f.text());
    }

    @Test
    void aDeletedConfigurationIsRecreatedFromTheRunningValues() throws Exception {
        start(CONF);
        f.admin.getConfiguration("comet.flush", "?").delete();
        f.drain();
        assertEquals("SYNC_FLUSH", f.admin.value("comet.flush", "flushDiskType"));
        assertEquals(5000, f.admin.value("comet.flush", "syncFlushTimeout"));
    }

    @Test
    void aFileEditIsAppliedOnceAndNotEchoedBackIntoTheFile() throws Exception {
        start(CONF);
        String edited = CONF.replace("listenPort=10915", "listenPort :  10930   ");
        f.overwrite(edited);
        f.sync.fileMaybeChanged();
        f.drain();
        assertEquals(10930, f.admin.value("comet.broker", "listenPort"));
        assertEquals(2, f.admin.updateCount("comet.broker"), "one update for the edit");
        assertEquals(1, f.admin.updateCount("comet.flush"), "untouched PID not rewritten");
        assertEquals(edited, f.text(), "the user's formatting is kept: nothing was written back");
        f.sync.fileMaybeChanged();
        f.drain();
        assertEquals(2, f.admin.updateCount("comet.broker"), "an unchanged file changes nothing");
    }

    @Test
    void aKeyRemovedFromTheFileGoesBackToItsDefault() throws Exception {
        start(CONF);
        f.overwrite(CONF.replace("listenPort=10915\n", ""));
        f.sync.fileMaybeChanged();
        f.drain();
        assertEquals(10911, f.admin.value("comet.broker", "listenPort"));
    }

    @Test
    void aBadFileEditIsRejectedAndTheRunningConfigurationKept() throws Exception {
        start(CONF);
        f.overwrite(CONF.replace("listenPort=10915", "listenPort=10916\nflushDiskTyp=ASYNC_FLUSH"));
        f.sync.fileMaybeChanged();
        f.drain();
        assertEquals(10915, f.admin.value("comet.broker", "listenPort"), "the whole edit is refused");
        assertNotNull(f.sync.lastRejection());
        assertTrue(f.sync.lastRejection().startsWith("unknown key 'flushDiskTyp' (value 'ASYNC_FLUSH') in " + f.file
                + " (did you mean flushDiskType?"), f.sync.lastRejection());
        f.overwrite(CONF.replace("listenPort=10915", "listenPort=10916"));
        f.sync.fileMaybeChanged();
        f.drain();
        assertEquals(10916, f.admin.value("comet.broker", "listenPort"), "the corrected edit is applied");
    }

    @Test
    void anUpdateWhileTheFileHoldsARejectedEditKeepsTheUsersLines() throws Exception {
        start(CONF);
        String bad = CONF + "listenPort=oops\n";
        f.overwrite(bad);
        f.sync.fileMaybeChanged();
        f.drain();
        f.sync.update(Map.of("brokerClusterName", "C2"), "gogo");
        assertEquals(bad.replace("DefaultCluster", "C2"), f.text());
        assertEquals(10915, f.admin.value("comet.broker", "listenPort"));
    }

    @Test
    void bundlesArrivingLaterGetTheirConfigurationAndRefusedKeysBecomeValid() throws Exception {
        start(CONF);
        f.overwrite(CONF + "haListenPort=10912\n");
        f.sync.fileMaybeChanged();
        f.drain();
        assertTrue(f.sync.lastRejection().contains("haListenPort"), f.sync.lastRejection());
        Map<String, List<AttributeDefinition>> withHa = new TreeMap<>();
        KeyCatalog base = KeyRouterTest.brokerCatalog();
        for (String pid : base.pids()) {
            withHa.put(pid, base.keysOf(pid).stream().map(KeyCatalog.Owned::definition).toList());
        }
        withHa.put("comet.ha", List.of(integer("haListenPort", 0), string("haMasterAddress", "")));
        f.catalog.set(KeyCatalog.of(withHa));
        f.sync.bundlesChanged();
        await("the HA PID to be configured", WAIT, () -> f.admin.value("comet.ha", "haListenPort") != null);
        assertEquals(10912, f.admin.value("comet.ha", "haListenPort"));
        assertEquals(1, f.admin.updateCount("comet.ha"), "the new PID is written once, with the file's value");
        assertEquals("", f.admin.value("comet.ha", "haMasterAddress"));
        assertEquals("comet.ha", f.sync.pidOf("haListenPort"));
    }
}
