package io.comet.broker.internal.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.BrokerSettings;
import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The topic table (versions, persistence, change listener), system topics and auto-create rules. */
class TopicTablesTest {
    final MemoryConfigFiles files = new MemoryConfigFiles();
    final AtomicLong clock = new AtomicLong(1_000);
    final TopicConfigManager topics = new TopicConfigManager(files, clock::get);
    final AtomicBoolean autoCreate = new AtomicBoolean(true);
    final TopicAutoCreator creator = new TopicAutoCreator(topics, autoCreate::get);

    @Test
    void everyChangeBumpsTheVersionSavesAndNotifies() {
        AtomicInteger changes = new AtomicInteger();
        topics.onChange(changes::incrementAndGet);
        long v0 = topics.dataVersion().counter();
        clock.set(2_000);
        topics.put(TopicConfig.of("A", 4, 4));
        assertEquals(v0 + 1, topics.dataVersion().counter());
        assertEquals(2_000, topics.dataVersion().timestamp());
        assertSame(topics.get("A"), topics.putIfAbsent(TopicConfig.of("A", 8, 8)), "an existing topic is kept");
        assertEquals(1, changes.get(), "putIfAbsent of an existing topic changes nothing");
        assertNull(topics.update("missing", c -> c.withPerm(4)));
        assertEquals(4, topics.update("A", c -> c.withPerm(4)).perm());
        assertTrue(topics.delete("A"));
        assertFalse(topics.delete("A"));
        assertEquals(3, changes.get());
        assertEquals(v0 + 3, topics.dataVersion().counter());

        topics.put(TopicConfig.of("B", 2, 3));
        TopicConfigManager reloaded = new TopicConfigManager(files, clock::get);
        assertEquals(topics.dataVersion(), reloaded.dataVersion());
        assertEquals(3, reloaded.get("B").writeQueueNums());
        assertNull(reloaded.get("A"));
        assertTrue(files.files.get(TopicConfigManager.FILE).contains("\"topicConfigTable\""));
    }

    @Test
    void systemTopicsFollowTheSettings() {
        BrokerSettings s = BrokerSettings.of(Map.of("brokerIP1", "127.0.0.1", "brokerName", "b1",
                "brokerClusterName", "C1", "defaultTopicQueueNums", 6, "traceTopicEnable", true,
                "brokerTopicEnable", false));
        topics.seed(SystemTopics.of(s));
        assertEquals(6, topics.get("TBW102").writeQueueNums());
        assertEquals(7, topics.get("TBW102").perm());
        assertEquals(7, topics.get("C1").perm());
        assertEquals(16, topics.get("C1").writeQueueNums());
        assertEquals(PermName.PERM_INHERIT, topics.get("b1").perm());
        assertEquals(18, topics.get("SCHEDULE_TOPIC_XXXX").readQueueNums());
        assertNotNull(topics.get("RMQ_SYS_TRACE_TOPIC"));
        assertNotNull(topics.get("C1_REPLY_TOPIC"));
        assertNotNull(topics.get("SELF_TEST_TOPIC"));
        assertNotNull(topics.get("OFFSET_MOVED_EVENT"));
        assertNotNull(topics.get("RMQ_SYS_TRANS_HALF_TOPIC"));
        assertEquals(1024, topics.get("BenchmarkTest").writeQueueNums());

        BrokerSettings off = BrokerSettings.of(Map.of("brokerIP1", "127.0.0.1", "autoCreateTopicEnable", false,
                "messageDelayLevel", "1s 2s 3s"));
        TopicConfigManager other = new TopicConfigManager(new MemoryConfigFiles(), clock::get);
        other.seed(SystemTopics.of(off));
        assertNull(other.get("TBW102"));
        assertEquals(3, other.get("SCHEDULE_TOPIC_XXXX").writeQueueNums(), "one schedule queue per delay level");
    }

    @Test
    void seedingKeepsWhatTheFileHas() {
        topics.put(TopicConfig.of("SELF_TEST_TOPIC", 3, 3));
        topics.seed(SystemTopics.of(BrokerSettings.of(Map.of("brokerIP1", "127.0.0.1"))));
        assertEquals(3, topics.get("SELF_TEST_TOPIC").writeQueueNums());
    }

    @Test
    void autoCreateCopiesTheTemplateWithoutInherit() {
        topics.put(new TopicConfig("TBW102", 8, 8, 7, TopicFilterType.MULTI_TAG, 0, false, Map.of()));
        TopicConfig created = creator.forSend("Fresh", "TBW102", 4);
        assertEquals(4, created.writeQueueNums());
        assertEquals(4, created.readQueueNums());
        assertEquals(6, created.perm());
        assertEquals(TopicFilterType.MULTI_TAG, created.topicFilterType());
        assertSame(created, topics.get("Fresh"));
        assertEquals(8, creator.forSend("Wide", "TBW102", 100).writeQueueNums(), "capped by the template");
        assertEquals(1, creator.forSend("Narrow", "TBW102", 0).writeQueueNums(), "at least one queue");
    }

    @Test
    void noTemplateOrNoInheritMeansNoTopic() {
        assertNull(creator.forSend("X", "TBW102", 4), "no template");
        topics.put(TopicConfig.of("Tmpl", 4, 4));
        assertNull(creator.forSend("X", "Tmpl", 4), "template without INHERIT");
        topics.put(TopicConfig.of("Tmpl2", 4, 4).withPerm(7));
        assertNotNull(creator.forSend("Y", "Tmpl2", 4), "any template with INHERIT serves");
        topics.put(TopicConfig.of("TBW102", 8, 8).withPerm(7));
        autoCreate.set(false);
        assertNull(creator.forSend("Z", "TBW102", 4), "TBW102 serves only while autoCreateTopicEnable");
        assertNull(creator.forSend("Z", null, 4));
    }

    @Test
    void groupTopicsGetOneQueue() {
        TopicConfig retry = creator.forSend("%RETRY%g", "TBW102", 4);
        assertEquals(1, retry.writeQueueNums());
        assertEquals(6, retry.perm());
        assertEquals(1, creator.groupTopic("%DLQ%g").readQueueNums());
    }

    @Test
    void topicNamesAreValidated() {
        assertNull(TopicNames.validate("Topic_1-a%b|c"));
        assertTrue(TopicNames.validate("").contains("empty"));
        assertTrue(TopicNames.validate("a".repeat(128)).contains("longer than 127"));
        assertTrue(TopicNames.validate("a.b").contains("illegal characters"));
        assertTrue(TopicNames.isSendForbidden("SCHEDULE_TOPIC_XXXX"));
        assertFalse(TopicNames.isSendForbidden("TBW102"));
        assertTrue(TopicNames.isSystem("TBW102", "C", "b"));
        assertTrue(TopicNames.isSystem("C_REPLY_TOPIC", "C", "b"));
        assertFalse(TopicNames.isSystem("Orders", "C", "b"));
        assertEquals("g", TopicNames.groupOfRetry("%RETRY%g"));
    }
}
