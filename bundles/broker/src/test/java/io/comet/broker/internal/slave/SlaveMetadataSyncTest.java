package io.comet.broker.internal.slave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.Replication;
import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.broker.internal.consume.group.SubscriptionGroupConfig;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.broker.internal.consume.retry.DelayOffsetTable;
import io.comet.broker.internal.topic.TopicConfigManager;
import io.comet.common.TopicConfig;
import io.comet.ha.HaRole;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slave broker (fake HA service in role SLAVE) syncing from a real master broker over remoting on 127.0.0.1; the
 * master's address comes from a NameServer stand-in. Rounds are run by the test ({@code round()}) so each step is
 * deterministic; the 3 s schedule runs alongside and does the same.
 */
@Timeout(60)
class SlaveMetadataSyncTest {
    @TempDir
    Path dir;

    private ClusterInfoServer ns;
    private ConsumeHarness master;
    private ConsumeHarness slave;
    private FakeHa ha;

    @BeforeEach
    void start() throws Exception {
        ns = new ClusterInfoServer();
        master = new ConsumeHarness(dir.resolve("master"), Map.of());
        ns.master(master.address());
        ha = new FakeHa(HaRole.SLAVE);
        slave = new ConsumeHarness(dir.resolve("slave"), Map.of("brokerId", 1, "namesrvAddr", ns.address()),
                Replication.of(ha, ha));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {slave, master, ns}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    private SlaveMetadataSync sync() {
        return slave.side().slaveSync();
    }

    @Test
    void aRoundCopiesTheMastersFourTablesAndSavesThem() throws Exception {
        master.createTopic("SyncTopic", 6);
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("syncGroup", true, true, false, true, 2, 5, 0, 1,
                true, 0, 15, Map.of(), null);
        master.side().subscriptionGroups().put(group);
        master.side().offsets().commit("syncGroup", "SyncTopic", 0, 17);
        master.side().offsets().commit("syncGroup", "SyncTopic", 5, 3);
        master.side().delayOffsets().set(3, 7);
        master.side().delayOffsets().persist();
        slave.core.context().topics().put(TopicConfig.of("OnlyOnTheSlave", 1, 1));

        assertTrue(sync().round(), "the round reaches the master");
        assertTrue(slave.side().masterLink().reachable());
        assertEquals(master.address(), slave.side().masterLink().address());

        TopicConfigManager topics = slave.core.context().topics();
        assertEquals(6, topics.get("SyncTopic").readQueueNums());
        assertNull(topics.get("OnlyOnTheSlave"), "the slave's table is replaced by the master's");
        assertEquals(master.core.context().topics().dataVersion(), topics.dataVersion());
        assertEquals(group, slave.side().subscriptionGroups().get("syncGroup"));
        assertEquals(17, slave.side().offsets().query("syncGroup", "SyncTopic", 0));
        assertEquals(3, slave.side().offsets().query("syncGroup", "SyncTopic", 5));
        assertEquals(7, slave.side().delayOffsets().get(3));

        // what the slave applied is on its disk
        slave.side().offsets().persistIfDirty();
        var files = slave.store.configFiles();
        assertEquals(6, new TopicConfigManager(files, System::currentTimeMillis).get("SyncTopic").readQueueNums());
        assertEquals(group, new SubscriptionGroupTable(files, System::currentTimeMillis).get("syncGroup"));
        assertEquals(17, new ConsumerOffsetTable(files, System::currentTimeMillis).query("syncGroup", "SyncTopic", 0));
        assertEquals(7, new DelayOffsetTable(files, System::currentTimeMillis).get(3));

        // later changes on the master follow; an unchanged version leaves the slave's table as it is
        master.core.context().topics().delete("SyncTopic");
        master.side().subscriptionGroups().delete("syncGroup");
        assertTrue(sync().round());
        assertNull(topics.get("SyncTopic"));
        assertNull(slave.side().subscriptionGroups().get("syncGroup"));
        assertFalse(topics.replaceAll(master.core.context().topics().snapshot()),
                "the same version is not applied twice");
    }

    @Test
    void offsetsCommittedOnTheSlaveWhileTheMasterIsAwayReachItWhenItReturns() throws Exception {
        master.createTopic("AwayTopic", 4);
        master.side().offsets().commit("awayGroup", "AwayTopic", 0, 5);
        master.side().offsets().commit("awayGroup", "AwayTopic", 1, 5);
        master.side().offsets().commit("awayGroup", "AwayTopic", 2, 5);
        assertTrue(sync().round());
        assertEquals(5, slave.side().offsets().query("awayGroup", "AwayTopic", 0));

        Path masterDir = master.dir;
        master.close();
        master = null;
        ns.master(null); // the NameServer dropped the master when its connection closed
        assertFalse(sync().round(), "no master to reach");
        assertFalse(slave.side().masterLink().reachable());

        // a consumer whose route has no master commits to the slave
        assertEquals(ResponseCode.SUCCESS, slave.call(commit("awayGroup", "AwayTopic", 0, 40)).code());
        assertEquals(ResponseCode.SUCCESS, slave.call(commit("awayGroup", "AwayTopic", 1, 41)).code());
        assertEquals(ResponseCode.SUCCESS, slave.call(commit("awayGroup", "AwayTopic", 2, 30)).code());
        assertFalse(sync().round());
        assertEquals(40, slave.side().offsets().query("awayGroup", "AwayTopic", 0));

        // the master returns with what it had saved; meanwhile a consumer committed a newer offset of queue 2 on it
        master = new ConsumeHarness(masterDir, Map.of());
        assertEquals(5, master.side().offsets().query("awayGroup", "AwayTopic", 0), "the master's stale offset");
        master.side().offsets().commit("awayGroup", "AwayTopic", 2, 50);
        ns.master(master.address());
        assertTrue(sync().round());
        assertTrue(slave.side().masterLink().reachable());

        ConsumerOffsetTable onMaster = master.side().offsets();
        assertEquals(40, onMaster.query("awayGroup", "AwayTopic", 0), "handed over to the master");
        assertEquals(41, onMaster.query("awayGroup", "AwayTopic", 1));
        assertEquals(50, onMaster.query("awayGroup", "AwayTopic", 2), "a newer commit on the master is not lowered");
        ConsumerOffsetTable onSlave = slave.side().offsets();
        assertEquals(40, onSlave.query("awayGroup", "AwayTopic", 0), "the sync did not overwrite the slave's commit");
        assertEquals(50, onSlave.query("awayGroup", "AwayTopic", 2));
        assertTrue(slave.side().slaveCommits().isEmpty(), "everything was handed over");

        // a new consumer asks the master: it resumes where the slave's consumer stopped
        RemotingCommand q = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .put("consumerGroup", "awayGroup").put("topic", "AwayTopic").put("queueId", 1);
        RemotingCommand answer = master.call(q);
        assertEquals(ResponseCode.SUCCESS, answer.code());
        assertEquals("41", answer.field("offset"));

        // later rounds take the master's table as it is (the master moved queue 0 back with a reset)
        master.side().offsets().commit("awayGroup", "AwayTopic", 0, 12);
        assertTrue(sync().round());
        assertEquals(12, onSlave.query("awayGroup", "AwayTopic", 0));
    }

    @Test
    void roundsStopWhenTheBrokerIsPromotedAndStartAgainWhenItIsDemoted() throws Exception {
        await(() -> sync().running(), "the sync runs on a slave");
        await(() -> slave.side().masterLink().reachable(), "the scheduled round reaches the master");

        ha.changeRole(HaRole.ASYNC_MASTER, null);
        await(() -> !sync().running(), "the sync stops on promotion");
        assertFalse(slave.side().masterLink().reachable(), "a master does not follow anyone");
        master.createTopic("AfterPromotion", 2);
        assertFalse(sync().round(), "a master does not sync");
        assertNull(slave.core.context().topics().get("AfterPromotion"));

        ha.changeRole(HaRole.SLAVE, null);
        await(() -> sync().running(), "the sync starts again on demotion");
        await(() -> slave.core.context().topics().get("AfterPromotion") != null,
                "the scheduled round (every 3 s) copies the master's new topic");
    }

    @Test
    void theMasterRaisesButNeverLowersAnOffsetHandedOverBySlave() throws Exception {
        master.createTopic("RaiseTopic", 1);
        master.side().offsets().commit("raiseGroup", "RaiseTopic", 0, 25);
        assertEquals(ResponseCode.SUCCESS,
                master.call(commit("raiseGroup", "RaiseTopic", 0, 3).put("slaveCommit", true)).code());
        assertEquals(25, master.side().offsets().query("raiseGroup", "RaiseTopic", 0));
        assertEquals(ResponseCode.SUCCESS,
                master.call(commit("raiseGroup", "RaiseTopic", 0, 30).put("slaveCommit", true)).code());
        assertEquals(30, master.side().offsets().query("raiseGroup", "RaiseTopic", 0));
        assertEquals(ResponseCode.SUCCESS, master.call(commit("raiseGroup", "RaiseTopic", 0, 4)).code());
        assertEquals(4, master.side().offsets().query("raiseGroup", "RaiseTopic", 0), "a client's commit is stored");
        assertTrue(master.side().slaveCommits().isEmpty(), "a master remembers no slave commits");
    }

    private static RemotingCommand commit(String group, String topic, int queueId, long offset) {
        return RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).put("consumerGroup", group)
                .put("topic", topic).put("queueId", queueId).put("commitOffset", offset);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

}
