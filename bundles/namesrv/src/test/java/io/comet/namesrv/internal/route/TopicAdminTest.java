package io.comet.namesrv.internal.route;

import static io.comet.namesrv.internal.route.Brokers.reg;
import static io.comet.namesrv.internal.route.Brokers.topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.QueueData;
import io.comet.common.TopicConfig;
import io.comet.common.TopicList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topic deletion, topic registration, write-permission switches and topic lists. */
class TopicAdminTest {
    private final RouteTables tables = new RouteTables(() -> 0L);
    private final BrokerRegistry registry = new BrokerRegistry(tables);
    private final RouteQueries routes = new RouteQueries(tables);
    private final TopicAdmin admin = new TopicAdmin(tables);

    @BeforeEach
    void twoClusters() {
        registry.register(reg("C1", "broker-a", 0, "10.0.0.1:10911",
                topics(1, TopicConfig.of("Shared", 4, 4), TopicConfig.of("OnlyA", 2, 2)), null));
        registry.register(reg("C2", "broker-b", 0, "10.0.0.2:10911",
                topics(1, TopicConfig.of("Shared", 8, 8), TopicConfig.of("OnlyB", 1, 1).withPerm(7)), null));
    }

    @Test
    void deleteTopicEverywhere() {
        assertTrue(admin.deleteTopic("Shared"));
        assertNull(routes.route("Shared"));
        assertFalse(admin.deleteTopic("Shared"), "deleting twice changes nothing");
        assertEquals(List.of("OnlyA", "OnlyB"), routes.allTopics().topicList());
    }

    @Test
    void deleteTopicInOneClusterKeepsTheOther() {
        admin.deleteTopic("Shared", "C2");
        assertEquals(List.of("broker-a"), routes.route("Shared").queueDatas().stream().map(QueueData::brokerName).toList());
        admin.deleteTopic("Shared", "C1");
        assertNull(routes.route("Shared"));
        assertFalse(admin.deleteTopic("OnlyA", "NoSuchCluster"));
        assertEquals(1, routes.route("OnlyA").queueDatas().size());
    }

    @Test
    void wipeAndAddWritePermission() {
        assertEquals(2, admin.wipeWritePerm("broker-b"), "broker-b hosts two topics");
        assertEquals(4, routes.route("Shared").queueDatas().stream().filter(q -> q.brokerName().equals("broker-b")).findFirst().orElseThrow().perm());
        assertEquals(5, routes.route("OnlyB").queueDatas().get(0).perm(), "inherit bit kept, write removed");
        assertEquals(6, routes.route("OnlyA").queueDatas().get(0).perm(), "other groups untouched");
        assertEquals(2, admin.addWritePerm("broker-b"));
        assertEquals(6, routes.route("OnlyB").queueDatas().get(0).perm(), "RocketMQ resets to read + write");
        assertEquals(0, admin.wipeWritePerm("broker-x"));
    }

    @Test
    void registerTopicOnlyForKnownBrokersAndNewTopics() {
        assertTrue(admin.registerTopic("Fresh", List.of(new QueueData("broker-a", 3, 3, 6, 0))));
        assertEquals(3, routes.route("Fresh").queueDatas().get(0).writeQueueNums());
        assertFalse(admin.registerTopic("Fresh", List.of(new QueueData("broker-b", 1, 1, 6, 0))), "existing topic kept");
        assertFalse(admin.registerTopic("Ghost", List.of(new QueueData("broker-z", 1, 1, 6, 0))), "unknown broker refused");
        assertNull(routes.route("Ghost"));
    }

    @Test
    void topicListsByClusterAndSystemTopics() {
        assertEquals(List.of("OnlyB", "Shared"), routes.topicsByCluster("C2").topicList());
        assertEquals(List.of(), routes.topicsByCluster("Nope").topicList());
        TopicList system = routes.systemTopics();
        assertEquals(List.of("C1", "broker-a", "C2", "broker-b"), system.topicList());
        assertEquals("10.0.0.1:10911", system.brokerAddr());
    }
}
