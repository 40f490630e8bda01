package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.BrokerFile;
import io.comet.itest.CometCluster;
import io.comet.itest.CometNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conf/2m-2s-sync/broker-a.properties} and {@code broker-a-s.properties} (only ports, addresses,
 * the store folders and the NameServer changed) started with {@code bin/mqbroker} as separate processes: both
 * register under broker-a with ids 0 and 1, the slave finds its master's HA address through the NameServer, and
 * every send the official 5.3.1 producer sees as SEND_OK is already in the slave's commit log.
 */
@Timeout(180)
class MasterSlaveClusterTest {
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    @TempDir
    Path work;

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private static long maxOffset(DefaultMQAdminExt admin, String addr) {
        try {
            return Long.parseLong(admin.fetchBrokerRuntimeStats(addr).getTable().get("commitLogMaxOffset"));
        } catch (Exception e) {
            throw new AssertionError("GET_BROKER_RUNTIME_INFO from " + addr + " failed: " + e, e);
        }
    }

    @Test
    void aSyncMasterAndItsSlaveRegisterAndEverySendOkIsOnTheSlave() throws Exception {
        List<BrokerFile> brokerA = BrokerFile.layout(CometNode.distribution().resolve("conf"), "2m-2s-sync").stream()
                .filter(f -> f.brokerName().equals("broker-a")).toList();
        try (CometCluster cluster = CometCluster.start(work, brokerA, Map.of())) {
            String nsAddr = cluster.namesrvAddr();
            String masterAddr = cluster.address("broker-a");
            String slaveAddr = cluster.address("broker-a-s");
            DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
            admin.setNamesrvAddr(nsAddr);
            admin.setInstanceName("comet-ms-admin-" + RUN);
            admin.start();
            DefaultMQProducer producer = new DefaultMQProducer("comet-ms-producer-" + RUN);
            producer.setNamesrvAddr(nsAddr);
            producer.setInstanceName("comet-ms-producer-" + RUN);
            producer.setSendMsgTimeout(5000);
            try {
                await(() -> {
                    try {
                        BrokerData a = admin.examineBrokerClusterInfo().getBrokerAddrTable().get("broker-a");
                        return a != null && a.getBrokerAddrs().size() == 2;
                    } catch (Exception e) {
                        return false;
                    }
                }, "master and slave are registered");
                ClusterInfo info = admin.examineBrokerClusterInfo();
                BrokerData a = info.getBrokerAddrTable().get("broker-a");
                assertEquals(masterAddr, a.getBrokerAddrs().get(0L), "the master registers with id 0");
                assertEquals(slaveAddr, a.getBrokerAddrs().get(1L), "the slave registers with its brokerId 1");
                assertEquals("SYNC_MASTER", admin.fetchBrokerRuntimeStats(masterAddr).getTable().get("brokerRole"));
                assertEquals("SLAVE", admin.fetchBrokerRuntimeStats(slaveAddr).getTable().get("brokerRole"));

                producer.start();
                String topic = "MsTopic" + RUN;
                // until the slave has connected to the HA port it learned from the NameServer, a SYNC_MASTER
                // answers SLAVE_NOT_AVAILABLE (stored, not replicated)
                await(() -> {
                    try {
                        return producer.send(new Message(topic, "probe".getBytes())).getSendStatus()
                                == SendStatus.SEND_OK;
                    } catch (Exception e) {
                        return false;
                    }
                }, "a SYNC_MASTER send is acknowledged by the slave");
                for (int i = 0; i < 20; i++) {
                    SendResult r = producer.send(new Message(topic, ("m" + i).getBytes()));
                    assertEquals(SendStatus.SEND_OK, r.getSendStatus(), "send " + i + ": " + r);
                    long onMaster = maxOffset(admin, masterAddr);
                    long onSlave = maxOffset(admin, slaveAddr);
                    assertTrue(onSlave >= onMaster, "send " + i + " was SEND_OK while the slave holds " + onSlave
                            + " of the master's " + onMaster + " bytes");
                }
            } finally {
                producer.shutdown();
                admin.shutdown();
            }
        }
    }
}
