package io.comet.broker.internal.consume.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.consume.DirConfigFiles;
import io.comet.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscription groups: auto-creation, RocketMQ defaults and the subscriptionGroup.json round trip. */
class SubscriptionGroupTableTest {
    @TempDir
    Path dir;

    @Test
    void groupsAreCreatedOnlyWhenAllowedAndSurviveAReload() throws Exception {
        DirConfigFiles files = new DirConfigFiles(dir);
        SubscriptionGroupTable t = new SubscriptionGroupTable(files, () -> 1000L);
        assertNotNull(t.get("SELF_TEST_C_GROUP"), "system groups are seeded");
        assertNull(t.findOrCreate("cg", false));
        SubscriptionGroupConfig created = t.findOrCreate("cg", true);
        assertEquals(16, created.retryMaxTimes());
        assertEquals(1, created.retryQueueNums());
        assertTrue(created.consumeEnable());
        t.put(new SubscriptionGroupConfig("limited", true, true, false, true, 2, 3, 0, 1, false, 0, 15, null, null));
        assertEquals(3, t.retryMaxTimes("limited"));
        assertEquals(16, t.retryMaxTimes("unknown"));

        SubscriptionGroupTable loaded = new SubscriptionGroupTable(files, () -> 2000L);
        assertEquals(created, loaded.get("cg"));
        SubscriptionGroupConfig l = loaded.get("limited");
        assertEquals(3, l.retryMaxTimes());
        assertEquals(2, l.retryQueueNums());
        assertFalse(l.consumeBroadcastEnable());
        assertTrue(l.consumeMessageOrderly());
        assertTrue(loaded.delete("cg"));
        assertFalse(loaded.delete("cg"));
        assertTrue(Files.readString(dir.resolve(SubscriptionGroupTable.FILE)).contains("\"subscriptionGroupTable\""));
    }

    @Test
    void configJsonIsRocketMqs() {
        String json = Json.toString(SubscriptionGroupConfig.defaults("g"));
        assertEquals("{\"attributes\":{},\"brokerId\":0,\"consumeBroadcastEnable\":true,\"consumeEnable\":true,"
                + "\"consumeFromMinEnable\":true,\"consumeMessageOrderly\":false,\"consumeTimeoutMinute\":15,"
                + "\"groupName\":\"g\",\"groupRetryPolicy\":{\"type\":\"CUSTOMIZED\"},\"groupSysFlag\":0,"
                + "\"notifyConsumerIdsChangedEnable\":true,\"retryMaxTimes\":16,\"retryQueueNums\":1,"
                + "\"whichBrokerWhenConsumeSlowly\":1}", json);
        SubscriptionGroupConfig partial = Json.fromString("{\"groupName\":\"x\",\"retryMaxTimes\":2}",
                SubscriptionGroupConfig.class);
        assertEquals(2, partial.retryMaxTimes());
        assertEquals(1, partial.retryQueueNums(), "missing fields take the defaults");
        assertTrue(partial.consumeEnable());
    }
}
