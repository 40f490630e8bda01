package io.comet.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CometClusterTest {
    private static final BrokerFile MASTER = new BrokerFile("broker-a", Map.of("brokerName", "broker-a",
            "brokerId", "0"));
    private static final BrokerFile SLAVE = new BrokerFile("broker-a-s", Map.of("brokerName", "broker-a",
            "brokerId", "1"));
    private static final Map<String, String> ADDRESSES = Map.of("broker-a", "127.0.0.1:1001",
            "broker-a-s", "127.0.0.1:1002");

    @Test
    void registrationIsCompleteWhenEachFileIsListedWithItsIdAndAddress() {
        assertEquals(List.of(), CometCluster.missing(List.of(MASTER, SLAVE), ADDRESSES,
                Map.of("broker-a", Map.of(0L, "127.0.0.1:1001", 1L, "127.0.0.1:1002"))));
    }

    @Test
    void aMissingBrokerNameAWrongIdOrAnotherAddressIsReported() {
        List<String> none = CometCluster.missing(List.of(MASTER, SLAVE), ADDRESSES, Map.of());
        assertEquals(2, none.size(), none.toString());

        List<String> slaveAsMaster = CometCluster.missing(List.of(MASTER, SLAVE), ADDRESSES,
                Map.of("broker-a", Map.of(0L, "127.0.0.1:1002")));
        assertEquals(2, slaveAsMaster.size(), slaveAsMaster.toString());
        assertTrue(slaveAsMaster.get(1).startsWith("broker-a-s as broker-a/1 at 127.0.0.1:1002"),
                slaveAsMaster.toString());

        List<String> onlyMaster = CometCluster.missing(List.of(MASTER, SLAVE), ADDRESSES,
                Map.of("broker-a", Map.of(0L, "127.0.0.1:1001")));
        assertEquals(1, onlyMaster.size());
        assertTrue(onlyMaster.get(0).startsWith("broker-a-s"), onlyMaster.toString());
    }

    @Test
    @Timeout(90)
    void aBrokerFailingToBootMidwayLeavesNoProcessBehind(@TempDir Path work) {
        BrokerFile broken = new BrokerFile("broker-z", Map.of("brokerName", "broker-z", "brokerId", "0",
                "brokerRole", "NOT_A_ROLE"));
        BrokerFile fine = new BrokerFile("broker-a", Map.of("brokerName", "broker-a", "brokerId", "0"));

        AssertionError e = assertThrows(AssertionError.class,
                () -> CometCluster.start(work, List.of(broken, fine), Map.of()));

        assertTrue(e.getMessage().contains("broker-z exited"), e.getMessage());
        List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        assertEquals(List.of(), alive, "the NameServer and broker-a, started before broker-z failed, are stopped");
    }
}
