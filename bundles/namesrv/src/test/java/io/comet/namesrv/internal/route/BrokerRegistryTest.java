package io.comet.namesrv.internal.route;

import static io.comet.namesrv.internal.route.Brokers.reg;
import static io.comet.namesrv.internal.route.Brokers.reg5;
import static io.comet.namesrv.internal.route.Brokers.topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.DataVersion;
import io.comet.common.QueueData;
import io.comet.common.TopicConfig;
import io.comet.common.TopicRouteData;
import io.comet.namesrv.internal.FakeChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Registration, re-registration, slaves, unregistration, expiry and channel close, with a fake clock. */
class BrokerRegistryTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RouteTables tables = new RouteTables(now::get);
    private final BrokerRegistry registry = new BrokerRegistry(tables);
    private final RouteQueries routes = new RouteQueries(tables);

    private static final TopicConfig TOPIC_A = TopicConfig.of("TopicA", 4, 4);
    private static final TopicConfig TBW102 = TopicConfig.of("TBW102", 8, 8).withPerm(7);

    @Test
    void masterRegistrationCreatesClusterBrokerAndQueueData() {
        RegisterResult r = registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A, TBW102), null));
        assertNull(r.masterAddr(), "a master learns no master address");

        TopicRouteData route = routes.route("TopicA");
        assertEquals(List.of(new QueueData("broker-a", 4, 4, 6, 0)), route.queueDatas());
        assertEquals(Map.of(0L, "10.0.0.1:10911"), route.brokerDatas().get(0).brokerAddrs());
        assertEquals("C1", route.brokerDatas().get(0).cluster());
        assertEquals(7, routes.route("TBW102").queueDatas().get(0).perm());
        ClusterInfo info = routes.clusterInfo();
        assertEquals(List.of("broker-a"), info.clusterAddrTable().get("C1"));
        assertEquals(List.of("TBW102", "TopicA"), routes.allTopics().topicList());
        assertNull(routes.route("Unknown"));
    }

    @Test
    void reRegistrationWithSameVersionKeepsQueueDataAndCachedAnswer() {
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), null));
        byte[] first = routes.encodedRoute("TopicA");
        // same data version but different content: the NameServer trusts the version and changes nothing
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TopicConfig.of("TopicA", 2, 2)), null));
        assertEquals(4, routes.route("TopicA").queueDatas().get(0).readQueueNums());
        assertSame(first, routes.encodedRoute("TopicA"), "unchanged route is served from the cache");
    }

    @Test
    void reRegistrationWithChangedVersionRebuildsQueueData() {
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), null));
        byte[] first = routes.encodedRoute("TopicA");
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(2, TopicConfig.of("TopicA", 2, 3)), null));
        assertEquals(new QueueData("broker-a", 2, 3, 6, 0), routes.route("TopicA").queueDatas().get(0));
        assertNotSame(first, routes.encodedRoute("TopicA"));
    }

    @Test
    void newTopicIsAddedEvenWithUnchangedVersion() {
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), null));
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A, TopicConfig.of("TopicN", 1, 1)), null));
        assertEquals(1, routes.route("TopicN").queueDatas().size());
    }

    @Test
    void slaveLearnsMasterAddressesAndDoesNotChangeQueueData() {
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), null));
        RegisterResult slave = registry.register(reg("C1", "broker-a", 1, "10.0.0.2:10911", topics(5, TopicConfig.of("TopicA", 1, 1)), null));
        assertEquals("10.0.0.1:10911", slave.masterAddr());
        assertEquals("10.0.0.1:10912", slave.haServerAddr());
        TopicRouteData route = routes.route("TopicA");
        assertEquals(4, route.queueDatas().get(0).readQueueNums(), "a slave's topic table does not rebuild queue data");
        assertEquals(Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911"), route.brokerDatas().get(0).brokerAddrs());
    }

    @Test
    void slaveBeforeItsMasterLearnsNothing() {
        RegisterResult slave = registry.register(reg("C1", "broker-a", 1, "10.0.0.2:10911", topics(1, TOPIC_A), null));
        assertNull(slave.masterAddr());
        assertNull(slave.haServerAddr());
        assertNull(routes.route("TopicA"), "a 4.x slave alone creates no queue data");
    }

    @Test
    void primeSlaveOf5xRegistersQueuesWithoutWritePermission() {
        registry.register(reg5("C1", "broker-a", 1, "10.0.0.2:10911", topics(1, TOPIC_A), false, null, null));
        assertEquals(4, routes.route("TopicA").queueDatas().get(0).perm(), "read-only until the master comes");
        registry.register(reg5("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), false, null, null));
        assertEquals(6, routes.route("TopicA").queueDatas().get(0).perm());
    }

    @Test
    void sameAddressUnderAnotherIdIsRemovedWhenASlaveBecomesMaster() {
        registry.register(reg("C1", "broker-a", 1, "10.0.0.2:10911", topics(1, TOPIC_A), null));
        registry.register(reg("C1", "broker-a", 0, "10.0.0.2:10911", topics(1, TOPIC_A), null));
        assertEquals(Map.of(0L, "10.0.0.2:10911"), routes.clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs());
    }

    @Test
    void registrationWithLowerStateVersionForATakenIdIsIgnored() {
        var newer = new io.comet.common.TopicConfigSerializeWrapper(Map.of("TopicA", TOPIC_A), new DataVersion(1, 5, 1));
        var older = new io.comet.common.TopicConfigSerializeWrapper(Map.of("TopicA", TOPIC_A), new DataVersion(1, 3, 1));
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", newer, null));
        registry.register(reg("C1", "broker-a", 0, "10.0.0.9:10911", older, null));
        assertEquals("10.0.0.1:10911", routes.clusterInfo().brokerAddrTable().get("broker-a").masterAddr());
        assertNull(registry.dataVersionOf("C1", "10.0.0.9:10911"));
    }

    @Test
    void unregisteringASlaveKeepsTheGroupAndTheLastAddressRemovesEverything() {
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), null));
        registry.register(reg("C1", "broker-a", 1, "10.0.0.2:10911", topics(1, TOPIC_A), null));
        registry.register(reg("C1", "broker-b", 0, "10.0.0.3:10911", topics(1, TopicConfig.of("TopicB", 1, 1)), null));

        registry.unregister("C1", "10.0.0.2:10911", "broker-a");
        assertEquals(Map.of(0L, "10.0.0.1:10911"), routes.route("TopicA").brokerDatas().get(0).brokerAddrs());

        registry.unregister("C1", "10.0.0.1:10911", "broker-a");
        assertNull(routes.route("TopicA"), "the topic went with its only broker group");
        assertFalse(routes.clusterInfo().brokerAddrTable().containsKey("broker-a"));
        assertEquals(List.of("broker-b"), routes.clusterInfo().clusterAddrTable().get("C1"));

        registry.unregister("C1", "10.0.0.3:10911", "broker-b");
        assertTrue(routes.clusterInfo().clusterAddrTable().isEmpty(), "an empty cluster is removed");
        assertEquals(0, routes.counts().get("brokers"));
    }

    @Test
    void silentBrokerExpiresAfterTheLimitAndItsChannelIsClosed() {
        tables.defaultExpiryMillis(120_000);
        FakeChannel ch = new FakeChannel("10.0.0.1:50001");
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), ch));
        now.addAndGet(120_000);
        assertEquals(List.of(), registry.scanExpired(), "exactly at the limit it is still alive");
        now.addAndGet(1);
        assertEquals(List.of("C1/10.0.0.1:10911"), registry.scanExpired());
        assertTrue(ch.closed());
        assertNull(routes.route("TopicA"));
        assertTrue(routes.clusterInfo().brokerAddrTable().isEmpty());
    }

    @Test
    void registrationAndHeartbeatRefreshLiveness() {
        tables.defaultExpiryMillis(10_000);
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), null));
        now.addAndGet(8_000);
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), null));
        now.addAndGet(8_000);
        assertTrue(registry.touch("C1", "10.0.0.1:10911"));
        now.addAndGet(8_000);
        assertEquals(List.of(), registry.scanExpired());
        assertFalse(registry.touch("C1", "10.0.0.7:10911"), "unknown brokers are not refreshed");
        now.addAndGet(2_001);
        assertEquals(1, registry.scanExpired().size());
    }

    @Test
    void brokerOwnHeartbeatTimeoutOverridesTheDefault() {
        tables.defaultExpiryMillis(120_000);
        registry.register(reg5("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), true, 10_000L, null));
        registry.register(reg("C1", "broker-b", 0, "10.0.0.2:10911", topics(1, TOPIC_A), null));
        now.addAndGet(10_001);
        assertEquals(List.of("C1/10.0.0.1:10911"), registry.scanExpired());
        assertEquals(List.of("broker-b"), routes.route("TopicA").queueDatas().stream().map(QueueData::brokerName).toList());
    }

    @Test
    void closingTheRegisteringChannelRemovesOnlyThatBroker() {
        FakeChannel master = new FakeChannel("10.0.0.1:50001");
        FakeChannel slave = new FakeChannel("10.0.0.2:50002");
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), master));
        registry.register(reg("C1", "broker-a", 1, "10.0.0.2:10911", topics(1, TOPIC_A), slave));

        assertFalse(registry.channelClosed(new FakeChannel("10.9.9.9:1")), "a client's channel is no broker");
        assertFalse(registry.channelClosed(new FakeChannel("10.0.0.1:50001")),
                "another connection object, even with the same endpoints, is not the registering connection");
        assertTrue(registry.channelClosed(master));
        BrokerData group = routes.clusterInfo().brokerAddrTable().get("broker-a");
        assertEquals(Map.of(1L, "10.0.0.2:10911"), group.brokerAddrs());
        assertEquals(1, routes.route("TopicA").queueDatas().size(), "queue data stays while the group has a member");
    }

    @Test
    void dataVersionQueries() {
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(3, TOPIC_A), null));
        assertEquals(new DataVersion(3, 0, 1003), registry.dataVersionOf("C1", "10.0.0.1:10911"));
        assertNull(registry.dataVersionOf("C2", "10.0.0.1:10911"), "liveness is per cluster and address");
    }

    @Test
    void mastersTopicsItNoLongerListsAreDroppedWhenConfigured() {
        tables.deleteTopicWithBrokerRegistration(true);
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A, TBW102), null));
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911", topics(2, TBW102), null));
        assertNull(routes.route("TopicA"));
        assertEquals(List.of("TBW102"), routes.allTopics().topicList());
    }

    @Test
    void actingMasterViewRelabelsTheSmallestSlaveWhenConfigured() {
        registry.register(reg5("C1", "broker-a", 0, "10.0.0.1:10911", topics(1, TOPIC_A), true, null, null));
        registry.register(reg5("C1", "broker-a", 2, "10.0.0.3:10911", topics(1, TOPIC_A), true, null, null));
        registry.unregister("C1", "10.0.0.1:10911", "broker-a");
        assertEquals(4, routes.route("TopicA").queueDatas().get(0).perm(), "write permission wiped without master");
        assertEquals(Map.of(2L, "10.0.0.3:10911"), routes.route("TopicA").brokerDatas().get(0).brokerAddrs());
        tables.supportActingMaster(true);
        assertEquals(Map.of(0L, "10.0.0.3:10911"), routes.route("TopicA").brokerDatas().get(0).brokerAddrs());
    }

    @Test
    void reRegisteringUnderAnotherClusterMovesTheGroupAndChannelCloseRemovesIt() {
        FakeChannel ch = new FakeChannel("127.0.0.1:50001");
        registry.register(reg("C1", "b1", 0, "127.0.0.1:1", topics(1, TOPIC_A), ch));
        registry.register(reg("C2", "b1", 0, "127.0.0.1:1", topics(1, TOPIC_A), ch));
        ClusterInfo moved = routes.clusterInfo();
        assertEquals(Map.of("C2", List.of("b1")), moved.clusterAddrTable(), "the old cluster no longer lists b1");
        assertEquals("C2", moved.brokerAddrTable().get("b1").cluster());
        assertEquals(1, routes.counts().get("brokers"), "one live entry, filed under the new cluster");

        assertTrue(registry.channelClosed(ch));
        ClusterInfo after = routes.clusterInfo();
        assertTrue(after.brokerAddrTable().isEmpty());
        assertTrue(after.clusterAddrTable().isEmpty(), "no stale cluster entry: " + after.clusterAddrTable());
        assertNull(routes.route("TopicA"));
        assertEquals(0, routes.counts().get("brokers"));
    }

    @Test
    void aSlaveOfAMovedGroupKeepsItsLivenessAndExpiresCleanly() {
        tables.defaultExpiryMillis(10_000);
        registry.register(reg("C1", "b1", 0, "127.0.0.1:1", topics(1, TOPIC_A), null));
        registry.register(reg("C1", "b1", 1, "127.0.0.1:2", topics(1, TOPIC_A), null));
        registry.register(reg("C2", "b1", 0, "127.0.0.1:1", topics(1, TOPIC_A), null));
        assertTrue(registry.touch("C2", "127.0.0.1:2"), "the slave's liveness moved with its group");
        now.addAndGet(10_001);
        assertEquals(List.of("C2/127.0.0.1:1", "C2/127.0.0.1:2"), registry.scanExpired().stream().sorted().toList());
        assertTrue(routes.clusterInfo().clusterAddrTable().isEmpty());
        assertTrue(routes.clusterInfo().brokerAddrTable().isEmpty());
    }

    @Test
    void unregisterNamingTheClusterAGroupLeftStillRemovesTheBroker() {
        registry.register(reg("C1", "b1", 0, "127.0.0.1:1", topics(1, TOPIC_A), null));
        registry.register(reg("C2", "b1", 0, "127.0.0.1:1", topics(1, TOPIC_A), null));
        registry.unregister("C1", "127.0.0.1:1", "b1");
        assertTrue(routes.clusterInfo().clusterAddrTable().isEmpty());
        assertEquals(0, routes.counts().get("brokers"));
    }

    @Test
    void aRegistrationQueuedBeforeItsConnectionClosedRegistersNothing() {
        FakeChannel ch = new FakeChannel("127.0.0.1:50001");
        ch.close();
        assertFalse(registry.channelClosed(ch), "the close event came first: nothing to remove yet");
        RegisterResult r = registry.register(reg("C1", "b1", 0, "127.0.0.1:1", topics(1, TOPIC_A), ch));
        assertTrue(r.connectionClosed());
        assertTrue(routes.clusterInfo().brokerAddrTable().isEmpty(), "no broker with a dead connection");
        assertTrue(routes.clusterInfo().clusterAddrTable().isEmpty());
        assertNull(routes.route("TopicA"));
        assertEquals(0, routes.counts().get("brokers"));
    }
}
