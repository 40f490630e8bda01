package io.comet.itest.cluster;

import static io.comet.itest.cluster.AdminToolRuns.configMap;
import static io.comet.itest.cluster.AdminToolRuns.line;
import static io.comet.itest.cluster.AdminToolRuns.tokens;
import static io.comet.itest.cluster.ConsumeCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import io.comet.itest.cluster.AdminToolRuns.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replication commands of {@code bin/mqadmin} and {@code bin/mqshell} against a master and its slave (processes):
 * haStatus on either side (compared with Apache's 5.3.1 tool, figures read back through
 * {@code DefaultMQAdminExt.getBrokerHAStatus} and the slave's runtime info), Gogo {@code mq:ha} inside the master,
 * Comet's {@code brokerMode} changing the master's role and flush mode live, and the cluster-wide broker config
 * commands that reach the slave too.
 */
@Timeout(120)
class AdminToolHaClusterTest extends AdminToolCase {
    static CometNode slave;
    static String slaveAddr;

    @BeforeAll
    static void start() throws Exception {
        startCluster("broker-ha");
        int slavePort = FreePorts.next();
        slaveAddr = "127.0.0.1:" + slavePort;
        Path conf = CometNode.writeConfig(work, "slave.properties", Map.ofEntries(
                Map.entry("brokerClusterName", "CometCluster"), Map.entry("brokerName", "broker-ha"),
                Map.entry("brokerId", "1"), Map.entry("brokerRole", "SLAVE"), Map.entry("brokerIP1", "127.0.0.1"),
                Map.entry("brokerIP2", "127.0.0.1"), Map.entry("bindAddress", "127.0.0.1"),
                Map.entry("listenPort", String.valueOf(slavePort)),
                Map.entry("haListenPort", String.valueOf(FreePorts.next())), Map.entry("namesrvAddr", cluster.nsAddr),
                Map.entry("storePathRootDir", work.resolve("slave-store").toString()),
                Map.entry("flushDiskType", "ASYNC_FLUSH")));
        slave = CometNode.start("broker", "mqbroker", work.resolve("slave"), List.of("-c", conf.toString()));
        slave.awaitLog("broker.log", "The broker[broker-ha, " + slaveAddr + "] boot success", Duration.ofSeconds(60));
        await(() -> connectedSlaves() == 1, "the slave connects to the master's HA port");
    }

    @AfterAll
    static void stopSlave() {
        if (slave != null) slave.close(); // before the master and NameServer (AdminToolCase)
    }

    static int connectedSlaves() {
        try {
            return cluster.admin.getBrokerHAStatus(cluster.brokerAddr).getHaConnectionInfo().size();
        } catch (Exception e) {
            return -1;
        }
    }

    static int inSyncSlaves() {
        try {
            return cluster.admin.getBrokerHAStatus(cluster.brokerAddr).getInSyncSlaveNums();
        } catch (Exception e) {
            return -1;
        }
    }

    static long slaveMaxOffset() {
        try {
            return Long.parseLong(cluster.admin.fetchBrokerRuntimeStats(slaveAddr).getTable().get("commitLogMaxOffset"));
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void haStatusShowsTheMastersSlaveAndTheSlavesMasterAsApachesTool() throws Exception {
        String topic = cluster.topic("HaTopic", 1);
        DefaultMQProducer producer = cluster.producer("ha-producer");
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals(SendStatus.SEND_OK, producer.send(ConsumeCluster.message(topic, "T", "m" + i))
                        .getSendStatus());
            }
        } finally {
            producer.shutdown();
        }
        long masterMax = Long.parseLong(cluster.admin.fetchBrokerRuntimeStats(cluster.brokerAddr).getTable()
                .get("commitLogMaxOffset"));
        await(() -> slaveMaxOffset() == masterMax, "the slave holds the master's whole log");
        await(() -> {
            try {
                HARuntimeInfo.HAConnectionRuntimeInfo c = cluster.admin.getBrokerHAStatus(cluster.brokerAddr)
                        .getHaConnectionInfo().get(0);
                return c.getSlaveAckOffset() == masterMax;
            } catch (Exception e) {
                return false;
            }
        }, "the slave has acknowledged it");

        Run master = mqadmin("haStatus", "-b", cluster.brokerAddr);
        assertEquals(0, master.exit(), master.toString());
        assertEquals(apache("haStatus", "-b", cluster.brokerAddr), master.out(), "same report as Apache's tool");
        assertTrue(master.out().contains("#MasterCommitLogMaxOffset\t" + masterMax + "\n"), master.out());
        assertTrue(master.out().contains("#SlaveNum\t1\n#InSyncSlaveNum\t1\n"), master.out());
        List<String> row = tokens(master.lines().get(master.lines().indexOf(line(master.out(), "#SlaveAddr")) + 1));
        assertTrue(row.get(0).startsWith("127.0.0.1:"), "the slave's HA connection: " + row);
        assertEquals(List.of(String.valueOf(masterMax), "0"), row.subList(1, 3), "acked everything, 0 behind");
        assertEquals("OK", row.get(4));
        assertEquals(apache("haStatus", "-c", "CometCluster"), mqadmin("haStatus", "-c", "CometCluster").out(),
                "with -c: the cluster's masters");

        Run onSlave = mqadmin("haStatus", "-b", slaveAddr);
        assertEquals(0, onSlave.exit(), onSlave.toString());
        assertEquals(apache("haStatus", "-b", slaveAddr), onSlave.out());
        HARuntimeInfo slaveInfo = cluster.admin.getBrokerHAStatus(slaveAddr);
        assertTrue(onSlave.out().contains("#MasterAddr\t" + slaveInfo.getHaClientRuntimeInfo().getMasterAddr() + "\n"),
                onSlave.out());
        assertTrue(slaveInfo.getHaClientRuntimeInfo().getMasterAddr().startsWith("127.0.0.1:"), onSlave.out());
        assertTrue(onSlave.out().contains("#CommitLogMaxOffset\t" + masterMax + "\n"), onSlave.out());

        Run gogo = AdminToolRuns.mqshell(work, cluster.broker.workDir(), "broker", "-c", "mq:ha");
        assertEquals(0, gogo.exit(), gogo.toString());
        assertTrue(gogo.out().contains("commitLogMaxOffset " + masterMax + "\n"), gogo.out());
        assertTrue(gogo.out().matches("(?s).*\\n  127\\.0\\.0\\.1:\\d+ +" + masterMax + " +0 +OK\\n.*"), gogo.out());
    }

    @Test
    void brokerModeChangesTheMastersRoleAndFlushLive() throws Exception {
        Run show = mqadmin("brokerMode", "-b", cluster.brokerAddr);
        assertEquals(0, show.exit(), show.toString());
        assertEquals("ASYNC_MASTER", configMap(show.out()).get("brokerRole"), show.out());
        try {
            Run sync = mqadmin("brokerMode", "-b", cluster.brokerAddr, "-r", "SYNC_MASTER", "-f", "SYNC_FLUSH");
            assertEquals(0, sync.exit(), sync.toString());
            assertTrue(sync.out().endsWith("update broker mode success, " + cluster.brokerAddr + "\n"), sync.out());
            assertEquals("SYNC_MASTER", cluster.admin.getBrokerConfig(cluster.brokerAddr).getProperty("brokerRole"));
            assertEquals("SYNC_FLUSH", cluster.admin.getBrokerConfig(cluster.brokerAddr).getProperty("flushDiskType"));
            assertEquals("SYNC_MASTER", cluster.admin.fetchBrokerRuntimeStats(cluster.brokerAddr).getTable()
                    .get("brokerRole"), "the role in force, not only the setting");
            String topic = cluster.topic("SyncTopic", 1);
            DefaultMQProducer producer = cluster.producer("sync-producer");
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(ConsumeCluster.message(topic, "T", "synced"))
                        .getSendStatus(), "the first send after the swap: SEND_OK at once, no wait for the slave");
                assertEquals(1, inSyncSlaves(), "GET_BROKER_HA_STATUS: the slave that acknowledged it is in sync");
            } finally {
                producer.shutdown();
            }
        } finally {
            Run back = mqadmin("brokerMode", "-b", cluster.brokerAddr, "-r", "ASYNC_MASTER", "-f", "ASYNC_FLUSH");
            assertEquals(0, back.exit(), back.toString());
        }
        assertEquals("ASYNC_MASTER", cluster.admin.fetchBrokerRuntimeStats(cluster.brokerAddr).getTable()
                .get("brokerRole"));
        Run wrong = mqadmin("brokerMode", "-b", cluster.brokerAddr, "-r", "BOSS");
        assertEquals(2, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().startsWith("option -r must be one of ASYNC_MASTER, SYNC_MASTER, SLAVE, not 'BOSS'\n"
                + "usage: mqadmin brokerMode"), wrong.err());
        Run noBroker = mqadmin("haStatus");
        assertEquals(2, noBroker.exit(), noBroker.toString());
        assertTrue(noBroker.err().contains("usage: mqadmin haStatus"), noBroker.err());
    }

    @Test
    void clusterWideConfigCommandsReachTheSlave() throws Exception {
        Run get = mqadmin("getBrokerConfig", "-c", "CometCluster");
        assertEquals(0, get.exit(), get.toString());
        String theirs = apache("getBrokerConfig", "-c", "CometCluster");
        assertEquals(titles(theirs), titles(get.out()));
        assertEquals(List.of("============Master: " + cluster.brokerAddr + "============",
                "============My Master: " + cluster.brokerAddr + "=====Slave: " + slaveAddr + "============"),
                titles(get.out()));

        Run list = mqadmin("clusterList");
        assertEquals("", list.err(), "every broker answered");
        String theirList = apache("clusterList");
        assertEquals(theirList.split("\n")[0], list.lines().get(0));
        assertEquals(List.of("CometCluster", "broker-ha", "1", slaveAddr, "V5_3_1"),
                tokens(line(list.out(), slaveAddr)).subList(0, 5));
        assertEquals(tokens(line(theirList, slaveAddr)).subList(0, 5), tokens(line(list.out(), slaveAddr))
                .subList(0, 5), "same slave row start (name, id, address, version) as Apache's tool");

        Run all = mqadmin("updateBrokerConfig", "-c", "CometCluster", "-a", "-k", "defaultTopicQueueNums", "-v", "6");
        assertEquals(0, all.exit(), all.toString());
        assertEquals("update broker config success, " + cluster.brokerAddr + "\nupdate broker config success, "
                + slaveAddr + "\n", all.out());
        assertEquals("6", cluster.admin.getBrokerConfig(cluster.brokerAddr).getProperty("defaultTopicQueueNums"));
        assertEquals("6", cluster.admin.getBrokerConfig(slaveAddr).getProperty("defaultTopicQueueNums"));
    }

    private static List<String> titles(String text) {
        return text.lines().filter(l -> l.startsWith("====")).toList();
    }
}
