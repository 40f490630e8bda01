package io.comet.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFileTest {
    @TempDir
    Path conf;

    private void write(String layout, String file, String text) throws IOException {
        Files.createDirectories(conf.resolve(layout));
        Files.writeString(conf.resolve(layout).resolve(file), text);
    }

    @Test
    void aLayoutIsEveryPropertiesFileOfItsFolderSortedByName() throws IOException {
        write("2m", "broker-b.properties", "brokerName=broker-b\nbrokerId=0\n");
        write("2m", "broker-a-s.properties", "brokerName = broker-a\nbrokerId = 1\nbrokerRole = SLAVE\n");
        write("2m", "broker-a.properties", "brokerName=broker-a\nbrokerId=0\n");
        write("2m", "README.txt", "not a broker");

        List<BrokerFile> files = BrokerFile.layout(conf, "2m");

        assertEquals(List.of("broker-a", "broker-a-s", "broker-b"), files.stream().map(BrokerFile::name).toList());
        BrokerFile slave = files.get(1);
        assertEquals("broker-a", slave.brokerName());
        assertEquals(1L, slave.brokerId());
        assertEquals("SLAVE", slave.properties().get("brokerRole"));
    }

    @Test
    void forTestReplacesPortsAddressesStoreAndNameServerAndKeepsTheRest() {
        BrokerFile f = new BrokerFile("broker-a", Map.of("brokerName", "broker-a", "brokerId", "0",
                "brokerRole", "SYNC_MASTER", "listenPort", "10911", "haListenPort", "10912",
                "storePathRootDir", "${user.home}/store", "flushDiskType", "ASYNC_FLUSH"));
        Path store = conf.resolve("store-a");

        Map<String, String> out = f.forTest(20001, 20002, "127.0.0.1:9999", store, Map.of("flushDiskType",
                "SYNC_FLUSH", "slaveReadEnable", "true"));

        Map<String, String> expected = new HashMap<>(Map.of("brokerName", "broker-a", "brokerId", "0",
                "brokerRole", "SYNC_MASTER", "listenPort", "20001", "haListenPort", "20002",
                "storePathRootDir", store.toString(), "flushDiskType", "SYNC_FLUSH", "slaveReadEnable", "true",
                "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1"));
        expected.put("namesrvAddr", "127.0.0.1:9999");
        assertEquals(expected, out);
        assertTrue(out.keySet().containsAll(BrokerFile.REWRITTEN));
    }

    @Test
    void badFilesAreRefusedNamingWhatIsWrong() throws IOException {
        write("bad", "broker-x.properties", "brokerId=0\n");
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> BrokerFile.layout(conf, "bad"));
        assertTrue(noName.getMessage().contains("broker-x") && noName.getMessage().contains("brokerName"),
                noName.getMessage());

        BrokerFile badId = new BrokerFile("broker-y", Map.of("brokerName", "y", "brokerId", "zero"));
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, badId::brokerId);
        assertTrue(id.getMessage().contains("broker-y") && id.getMessage().contains("zero"), id.getMessage());

        BrokerFile fine = new BrokerFile("broker-f", Map.of("brokerName", "f", "brokerId", "0"));
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> fine.forTest(1, 2,
                "127.0.0.1:3", conf, Map.of("listenPort", "10911")));
        assertTrue(port.getMessage().contains("broker-f") && port.getMessage().contains("listenPort"),
                port.getMessage());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> BrokerFile.layout(conf, "2m-2s-nothing"));
        assertTrue(none.getMessage().contains("2m-2s-nothing"), none.getMessage());
        Files.createDirectories(conf.resolve("empty"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> BrokerFile.layout(conf, "empty"));
        assertTrue(empty.getMessage().contains("no *.properties"), empty.getMessage());
    }

    @Test
    void theShippedMasterSlaveLayoutsPairIdsZeroAndOnePerBrokerName() {
        Path shipped = CometNode.distribution().resolve("conf");
        for (String layout : List.of("2m-2s-sync", "2m-2s-async")) {
            Map<String, String> ids = new HashMap<>();
            for (BrokerFile f : BrokerFile.layout(shipped, layout)) {
                ids.put(f.name(), f.brokerName() + "/" + f.brokerId());
            }
            assertEquals(Map.of("broker-a", "broker-a/0", "broker-a-s", "broker-a/1", "broker-b", "broker-b/0",
                    "broker-b-s", "broker-b/1"), ids, layout);
        }
    }
}
