package io.comet.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfTest {
    @Test
    void masterAndSlaveFilesCarryTheSpecAndPrivatePaths(@TempDir Path dir) throws IOException {
        ClusterSpec spec = ClusterSpec.replicated("SYNC_MASTER", 8, "1g", Duration.ofSeconds(60));
        Properties master = load(BrokerConf.broker(dir.resolve("m"), spec, 0, 30911, "127.0.0.1:30876"));
        Properties slave = load(BrokerConf.broker(dir.resolve("s"), spec, 1, 30921, "127.0.0.1:30876"));

        assertEquals("SYNC_MASTER", master.getProperty("brokerRole"));
        assertEquals("SLAVE", slave.getProperty("brokerRole"));
        assertEquals("1", slave.getProperty("brokerId"));
        assertEquals("ASYNC_FLUSH", master.getProperty("flushDiskType"));
        assertEquals("8", master.getProperty("defaultTopicQueueNums"));
        assertEquals("true", master.getProperty("autoCreateTopicEnable"));
        assertEquals("127.0.0.1", master.getProperty("brokerIP1"));
        assertEquals("127.0.0.1", slave.getProperty("brokerIP2"), "replication stays on loopback");
        assertEquals("30912", master.getProperty("haListenPort"));
        assertEquals(dir.resolve("s/store").toString(), slave.getProperty("storePathRootDir"));
        assertEquals(dir.resolve("m/store/commitlog").toString(), master.getProperty("storePathCommitLog"));
        assertEquals("30876", load(BrokerConf.namesrv(dir.resolve("n"), 30876)).getProperty("listenPort"));
    }

    @Test
    void specRefusesSettingsNeitherSystemHas() {
        Duration t = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.single("LAZY_FLUSH", 8, "1g", t));
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.replicated("SLAVE", 8, "1g", t));
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.single("SYNC_FLUSH", 0, "1g", t));
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.single("SYNC_FLUSH", 8, "lots", t));
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
