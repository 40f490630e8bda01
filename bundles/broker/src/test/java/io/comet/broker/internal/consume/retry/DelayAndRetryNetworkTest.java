package io.comet.broker.internal.consume.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.DelayLevels;
import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.common.StoredMessage;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.GetResult;
import io.comet.store.PutResult;
import io.comet.store.TagFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CONSUMER_SEND_MSG_BACK to retry and dead-letter topics, and delayed delivery (frozen broker clock). */
@Timeout(60)
class DelayAndRetryNetworkTest {
    static final Map<String, Object> CONFIG = Map.of("messageDelayLevel", "2s 3s 4s 5s");
    @TempDir
    Path dir;
    ConsumeHarness broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private List<StoredMessage> read(String topic, int queueId) {
        List<StoredMessage> out = new ArrayList<>();
        try (GetResult r = broker.store.getMessages(null, topic, queueId, 0, 100, Integer.MAX_VALUE, TagFilter.ALL)) {
            r.messages().forEach(s -> out.add(io.comet.common.MessageCodec.decode(s.buffer().duplicate(), 0, false)));
        }
        return out;
    }

    private static RemotingCommand sendBack(long offset, String group, int delayLevel, int maxReconsume) {
        return RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK).put("offset", offset).put("group", group)
                .put("delayLevel", delayLevel).put("originMsgId", "ORIG").put("originTopic", "T")
                .put("maxReconsumeTimes", maxReconsume).put("unitMode", false);
    }

    @Test
    void sendBackParksARetryCopyThenDeadLettersAtTheLimit() throws Exception {
        broker = new ConsumeHarness(dir, CONFIG);
        broker.createTopic("T", 1);
        PutResult original = broker.put("T", 0, "payload", Map.of("TAGS", "A", "UNIQ_KEY", "U1", "KEYS", "k1"));
        RemotingCommand r = broker.call(sendBack(original.physicalOffset(), "g", 0, 2));
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
        broker.dispatched();
        List<StoredMessage> parked = read(TopicNames.SCHEDULE_TOPIC, 2);
        assertEquals(1, parked.size(), "reconsumeTimes 0: level 3 + 0, queue 2");
        StoredMessage copy = parked.get(0);
        assertEquals("%RETRY%g", copy.property(PropertyNames.REAL_TOPIC));
        assertEquals("0", copy.property(PropertyNames.REAL_QID));
        assertEquals("3", copy.property(MessageProperties.DELAY));
        assertEquals("T", copy.property(PropertyNames.RETRY_TOPIC));
        assertEquals("U1", copy.property(PropertyNames.ORIGIN_MESSAGE_ID));
        assertEquals("U1", copy.property(MessageProperties.UNIQ_KEY), "the client sees the same message id");
        assertEquals("A", copy.property(MessageProperties.TAGS));
        assertEquals(1, copy.reconsumeTimes());
        assertEquals("payload", new String(copy.body(), StandardCharsets.UTF_8));
        assertTrue(broker.core.context().topics().contains("%RETRY%g"), "the retry topic was created");

        RemotingCommand again = broker.call(sendBack(copy.physicalOffset(), "g", 0, 1));
        assertEquals(ResponseCode.SUCCESS, again.code());
        broker.dispatched();
        List<StoredMessage> dead = read("%DLQ%g", 0);
        assertEquals(1, dead.size(), "reconsumeTimes 1 >= max 1: dead letter");
        assertEquals("T", dead.get(0).property(PropertyNames.RETRY_TOPIC));
        assertEquals("U1", dead.get(0).property(PropertyNames.ORIGIN_MESSAGE_ID));
        assertEquals("T", dead.get(0).property(PropertyNames.DLQ_ORIGIN_TOPIC));
        assertNull(dead.get(0).property(MessageProperties.DELAY), "dead letters are not delayed");
        assertEquals(2, dead.get(0).reconsumeTimes());

        assertEquals(ResponseCode.SUCCESS, broker.call(sendBack(original.physicalOffset(), "g", -1, 16)).code());
        broker.dispatched();
        assertEquals(2, read("%DLQ%g", 0).size(), "level -1 goes straight to the dead letters");

        RemotingCommand missing = broker.call(sendBack(999_999, "g", 0, 16));
        assertEquals(ResponseCode.SYSTEM_ERROR, missing.code());
        assertTrue(missing.remark().contains("999999"), missing.remark());
    }

    @Test
    void delayedMessageIsNeverDeliveredEarlyAndItsProgressSurvivesRestarts() throws Exception {
        broker = new ConsumeHarness(dir, CONFIG);
        broker.createTopic("T", 2);
        long t0 = System.currentTimeMillis();
        broker.freezeClock(t0);
        DelayLevels levels = DelayLevels.parse("2s 3s 4s 5s");
        MessageRecord m = new MessageRecord("T", 1, 0, "later".getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(Map.of("TAGS", "x", "UNIQ_KEY", "D1")), 0, t0, ConsumeHarness.BORN,
                broker.core.context().storeHost(), 0, 0);
        PutResult parked = broker.store.putMessage(ScheduleParking.park(m, 1, levels)).get(5, TimeUnit.SECONDS);
        broker.dispatched();
        long due = parked.storeTimestamp() + 2000;

        broker.freezeClock(due - 1);
        Thread.sleep(400);
        assertEquals(0, read("T", 1).size(), "1 ms before its due time the message is not delivered");

        broker.close();
        broker = new ConsumeHarness(dir, CONFIG);
        broker.freezeClock(due - 1);
        Thread.sleep(300);
        assertEquals(0, read("T", 1).size(), "still parked after a restart");

        broker.freezeClock(due);
        long deadline = System.currentTimeMillis() + 5000;
        while (read("T", 1).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        List<StoredMessage> delivered = read("T", 1);
        assertEquals(1, delivered.size(), "delivered once due");
        StoredMessage d = delivered.get(0);
        assertEquals("later", new String(d.body(), StandardCharsets.UTF_8));
        assertEquals("D1", d.property(MessageProperties.UNIQ_KEY));
        assertEquals("x", d.property(MessageProperties.TAGS));
        assertNull(d.property(MessageProperties.DELAY), "DELAY is cleared");
        Path progress = broker.store.configFiles().directory().resolve(DelayOffsetTable.FILE);
        deadline = System.currentTimeMillis() + 5000;
        while (!savedLevelOneAt1(progress) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(savedLevelOneAt1(progress), "progress of level 1 is saved after the delivery");

        broker.close();
        broker = new ConsumeHarness(dir, CONFIG);
        Thread.sleep(400);
        assertEquals(1, read("T", 1).size(), "not delivered a second time after a restart");
        RemotingCommand offsets = broker.call(RemotingCommand.request(RequestCode.GET_ALL_DELAY_OFFSET));
        assertTrue(new String(offsets.body(), StandardCharsets.UTF_8).contains("\"1\":1"));
    }

    private static boolean savedLevelOneAt1(Path file) throws Exception {
        return Files.exists(file) && Files.readString(file).replace(" ", "").contains("\"1\":1");
    }

    @Test
    void dueTimeHonoursDeliveryTimeProperties() {
        StoredMessage plain = stored(Map.of(), 10_000);
        assertEquals(12_000, ScheduleDeliveryService.dueTime(plain, 2000));
        assertEquals(15_500, ScheduleDeliveryService.dueTime(stored(Map.of("TIMER_DELIVER_MS", "15500"), 10_000),
                10_000), "an absolute 5.x delivery time");
        assertEquals(13_000, ScheduleDeliveryService.dueTime(stored(Map.of("TIMER_DELAY_SEC", "3"), 10_000), 5000));
        assertEquals(10_250, ScheduleDeliveryService.dueTime(stored(Map.of("TIMER_DELAY_MS", "250"), 10_000), 1000));
        assertEquals(12_000, ScheduleDeliveryService.dueTime(stored(Map.of("TIMER_DELIVER_MS", "soon"), 10_000), 2000),
                "an unreadable time falls back to the level");
    }

    private static StoredMessage stored(Map<String, String> props, long storeTs) {
        return new StoredMessage(0, 0, 0, 0, 0, 0, 0, 0, 0, ConsumeHarness.BORN, storeTs, ConsumeHarness.BORN, 0, 0,
                new byte[0], TopicNames.SCHEDULE_TOPIC, MessageProperties.encode(props));
    }
}
