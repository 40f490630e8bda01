package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.ha.HaRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaSettingsTest {
    @Test
    void rocketMqDefaultsAndTheHaPortFollowingListenPort() {
        HaSettings d = HaSettings.from(Map.of());
        assertEquals(HaRole.ASYNC_MASTER, d.role());
        assertEquals(10912, d.haListenPort());
        assertEquals(5000, d.heartbeatMs());
        assertEquals(20000, d.housekeepingMs());
        assertEquals(32768, d.transferBatchSize());
        assertEquals(256L << 20, d.slaveFallbehindMax());
        assertEquals(3000, d.slaveTimeoutMs());
        assertEquals(1, d.inSyncReplicas());
        assertEquals(1, d.requiredSlaveAcks(), "SYNC_MASTER with one slave means that slave");
        assertEquals(20912, HaSettings.from(Map.of("listenPort", "20911")).haListenPort());
        assertEquals(20912, HaSettings.from(Map.of("listenPort", 20911, "haListenPort", 0)).haListenPort());
        assertEquals(30000, HaSettings.from(Map.of("listenPort", 20911, "haListenPort", "30000")).haListenPort());
    }

    @Test
    void propertiesFileStringsAreRead() {
        HaSettings s = HaSettings.from(Map.of("brokerRole", "sync_master", "haMasterAddress", " 10.0.0.1:10912 ",
                "inSyncReplicas", "3", "slaveTimeout", "1500"));
        assertEquals(HaRole.SYNC_MASTER, s.role());
        assertEquals("10.0.0.1:10912", s.haMasterAddress());
        assertEquals(2, s.requiredSlaveAcks());
        assertEquals(1500, s.slaveTimeoutMs());
        assertEquals(null, HaSettings.from(Map.of("haMasterAddress", "")).haMasterAddress());
    }

    @Test
    void badValuesAreRefusedNamingKeyValueAndWhatIsValid() {
        assertMessage(Map.of("brokerRole", "LEADER"), "brokerRole=LEADER is invalid, it must be one of ASYNC_MASTER");
        assertMessage(Map.of("slaveTimeout", "0"), "comet.ha: slaveTimeout=0 is invalid, it must be an integer >= 1");
        assertMessage(Map.of("haTransferBatchSize", "big"), "haTransferBatchSize=big is invalid, it must be an integer");
        assertMessage(Map.of("haTransferBatchSize", "100000000"), "haTransferBatchSize=100000000 is invalid, it must be an integer from 1 to 67108852");
        assertMessage(Map.of("haListenPort", "70000"), "haListenPort=70000 is invalid");
        assertMessage(Map.of("haMasterAddress", "nohost"), "haMasterAddress=nohost is invalid, it must be host:port");
        assertMessage(Map.of("inSyncReplicas", "0"), "inSyncReplicas=0 is invalid");
    }

    private static void assertMessage(Map<String, ?> config, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HaSettings.from(config));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
