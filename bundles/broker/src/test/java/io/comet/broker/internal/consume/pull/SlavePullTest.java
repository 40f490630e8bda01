package io.comet.broker.internal.consume.pull;

import static io.comet.broker.internal.consume.ConsumeHarness.bodies;
import static io.comet.broker.internal.consume.ConsumeHarness.pull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.Replication;
import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.broker.internal.consume.group.SubscriptionGroupConfig;
import io.comet.broker.internal.slave.ClusterInfoServer;
import io.comet.broker.internal.slave.FakeHa;
import io.comet.ha.HaRole;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls on a SLAVE (fake HA service) and {@code suggestWhichBrokerId} on slave and master (broker README, "Slave
 * reads"): a slave serves the backlog without {@code slaveReadEnable}, never moves a consumer by what it lacks, keeps
 * consumers while its master is unreachable and sends them back once it reaches it; a master suggests the group's
 * slow-consumer broker only with {@code slaveReadEnable}.
 */
@Timeout(60)
class SlavePullTest {
    @TempDir
    Path dir;

    private static ConsumeHarness slave(Path dir, Map<String, Object> more) throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("brokerId", 1));
        values.putAll(more);
        FakeHa ha = new FakeHa(HaRole.SLAVE);
        ConsumeHarness h = new ConsumeHarness(dir, values, Replication.of(ha, ha));
        h.createTopic("T", 2);
        return h;
    }

    private static RemotingCommand pullAll(ConsumeHarness broker, int queueId, long offset) throws Exception {
        return broker.call(pull("g", "T", queueId, offset, 4, 0, "*", "TAG"));
    }

    @Test
    void aSlaveWithoutItsMasterServesTheBacklogAndKeepsTheConsumer() throws Exception {
        try (ConsumeHarness slave = slave(dir, Map.of())) {
            for (int i = 0; i < 3; i++) {
                slave.put("T", 0, "m" + i, (String) null);
            }
            RemotingCommand found = pullAll(slave, 0, 1);
            assertEquals(ResponseCode.SUCCESS, found.code(), found.remark());
            assertEquals(List.of("m1", "m2"), bodies(found));
            assertEquals("3", found.field("nextBeginOffset"), "the consumer moves on");
            assertEquals("1", found.field("suggestWhichBrokerId"), "no master reached: pull here again");

            RemotingCommand beyond = pullAll(slave, 0, 9);
            assertEquals(ResponseCode.PULL_NOT_FOUND, beyond.code(), "the master may have it, the slave not yet");
            assertEquals("9", beyond.field("nextBeginOffset"), "a slave never moves a consumer back");
            RemotingCommand notYet = pullAll(slave, 1, 4);
            assertEquals(ResponseCode.PULL_NOT_FOUND, notYet.code());
            assertEquals("4", notYet.field("nextBeginOffset"), "an empty queue on the slave does not reset to 0");

            // what the store can answer, a slave answers
            RemotingCommand max = slave.call(RemotingCommand.request(RequestCode.GET_MAX_OFFSET).put("topic", "T")
                    .put("queueId", 0));
            assertEquals("3", max.field("offset"));
            RemotingCommand search = slave.call(RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)
                    .put("topic", "T").put("queueId", 0).put("timestamp", 0));
            assertEquals(ResponseCode.SUCCESS, search.code());
            assertEquals("0", search.field("offset"));
            slave.call(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).put("consumerGroup", "g")
                    .put("topic", "T").put("queueId", 0).put("commitOffset", 3));
            RemotingCommand committed = slave.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                    .put("consumerGroup", "g").put("topic", "T").put("queueId", 0));
            assertEquals("3", committed.field("offset"));
            assertEquals(Map.of("T@g", Map.of(0, 3L)), slave.side().slaveCommits().snapshot(),
                    "a commit on a slave is remembered for the master");

            RemotingCommand sendBack = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                    .put("offset", 0).put("group", "g").put("delayLevel", 0);
            RemotingCommand refused = slave.call(sendBack);
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, refused.code(), "a slave writes nothing");
            assertEquals(3, slave.store.maxOffsetInQueue("T", 0));
        }
    }

    @Test
    void aSlaveThatReachesItsMasterSendsConsumersBack() throws Exception {
        try (ClusterInfoServer ns = new ClusterInfoServer();
             ConsumeHarness master = new ConsumeHarness(dir.resolve("m"), Map.of())) {
            master.createTopic("T", 2);
            ns.master(master.address());
            try (ConsumeHarness slave = slave(dir.resolve("s"), Map.of("namesrvAddr", ns.address()))) {
                slave.put("T", 0, "m0", (String) null);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!slave.side().masterLink().reachable()) {
                    assertTrue(System.nanoTime() < deadline, "the slave's sync reaches the master");
                    Thread.sleep(50);
                }
                RemotingCommand found = pullAll(slave, 0, 0);
                assertEquals(ResponseCode.SUCCESS, found.code(), "the slave still serves what it has");
                assertEquals(List.of("m0"), bodies(found));
                assertEquals("0", found.field("suggestWhichBrokerId"), "back to the master");
            }
        }
    }

    @Test
    void aMasterSuggestsTheSlowConsumersBrokerOnlyWithSlaveReadEnable() throws Exception {
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("g", true, true, true, false, 1, 16, 3, 2, true,
                0, 15, null, null);
        assertEquals("2", suggestionOnMaster("lagging", Map.of("slaveReadEnable", true,
                "accessMessageInMemoryMaxRatio", 0), group), "data beyond 0% of RAM: the slow consumer's broker");
        assertEquals("3", suggestionOnMaster("inMemory", Map.of("slaveReadEnable", true,
                "accessMessageInMemoryMaxRatio", 100), group), "data in memory: the group's brokerId");
        assertEquals("0", suggestionOnMaster("noSlaveRead", Map.of("accessMessageInMemoryMaxRatio", 0), group),
                "without slaveReadEnable always the master");
    }

    private String suggestionOnMaster(String name, Map<String, Object> settings, SubscriptionGroupConfig group)
            throws Exception {
        try (ConsumeHarness master = new ConsumeHarness(dir.resolve(name), settings)) {
            master.createTopic("T", 1);
            master.side().subscriptionGroups().put(group);
            master.put("T", 0, "a", (String) null);
            master.put("T", 0, "b", (String) null);
            RemotingCommand found = pullAll(master, 0, 0);
            assertEquals(ResponseCode.SUCCESS, found.code(), found.remark());
            return found.field("suggestWhichBrokerId");
        }
    }

    @Test
    void laggingIsMeasuredAgainstTheRatioOfRam() {
        long ram = 1000L * 1024 * 1024;
        assertTrue(PageCache.lagging(ram / 100 * 40 + 1, 40, ram));
        assertFalse(PageCache.lagging(ram / 100 * 40, 40, ram));
        assertFalse(PageCache.lagging(ram, 40, -1), "unknown RAM: never lagging");
        assertFalse(PageCache.lagging(0, 0, ram), "nothing behind: never lagging");
    }
}
