package io.comet.broker.internal;

import static io.comet.broker.internal.BrokerHarness.sendV2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageIds;
import io.comet.common.MessageProperties;
import io.comet.common.RegisterBrokerBody;
import io.comet.common.StoredMessage;
import io.comet.common.TopicConfig;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.PutStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The producing side over TCP: a broker in process, its real store, and requests as the clients send them. */
@Timeout(60)
class SendNetworkTest {
    @TempDir
    Path dir;
    BrokerHarness broker;

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close();
        }
    }

    private BrokerHarness start(Map<String, ?> overrides) throws Exception {
        broker = new BrokerHarness(dir, overrides);
        return broker;
    }

    private static String props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return MessageProperties.encode(m);
    }

    @Test
    void sendV2StoresTheMessageWithClusterHostsAndConsecutiveOffsets() throws Exception {
        start(Map.of());
        String uniq = "7F0000010001AAAABBBB000000000001";
        RemotingCommand first = broker.call(sendV2("TopicA", 1, props("TAGS", "tagA", "UNIQ_KEY", uniq, "WAIT", "true"),
                "hello"));
        assertEquals(ResponseCode.SUCCESS, first.code(), first.remark());
        assertEquals("1", first.field("queueId"));
        assertEquals("0", first.field("queueOffset"));
        assertEquals("DefaultRegion", first.field("MSG_REGION"));
        assertEquals("true", first.field("TRACE_ON"));
        MessageIds.OffsetId id = MessageIds.decode(first.field("msgId"));
        assertEquals(broker.core.context().server().port(), id.storeHost().getPort());
        assertEquals("127.0.0.1", id.storeHost().getAddress().getHostAddress());

        StoredMessage m = broker.view(first.field("msgId"));
        assertEquals("TopicA", m.topic());
        assertEquals(1, m.queueId());
        assertEquals("hello", new String(m.body(), StandardCharsets.UTF_8));
        assertEquals(7, m.flag());
        assertEquals(1_700_000_000_000L, m.bornTimestamp());
        assertEquals("DefaultCluster", m.property(PropertyNames.CLUSTER));
        assertEquals(uniq, m.property(MessageProperties.UNIQ_KEY));
        assertEquals("tagA", m.property(MessageProperties.TAGS));
        assertEquals("true", m.property(MessageProperties.WAIT));
        assertEquals("127.0.0.1", m.bornHost().getAddress().getHostAddress());
        assertEquals(id.storeHost(), m.storeHost());

        RemotingCommand second = broker.call(sendV2("TopicA", 1, props("TAGS", "tagB"), "again"));
        assertEquals("1", second.field("queueOffset"));
        StoredMessage m2 = broker.view(second.field("msgId"));
        assertEquals(32, m2.property(MessageProperties.UNIQ_KEY).length(), "the broker adds a UNIQ_KEY when missing");
        broker.dispatched();
        assertEquals(2, broker.store.maxOffsetInQueue("TopicA", 1));
    }

    @Test
    void sendV1UsesTheLongHeaderNames() throws Exception {
        start(Map.of());
        RemotingCommand r = RemotingCommand.request(RequestCode.SEND_MESSAGE);
        r.put("producerGroup", "pg").put("topic", "TopicV1").put("defaultTopic", "TBW102")
                .put("defaultTopicQueueNums", 2).put("queueId", 1).put("sysFlag", 0).put("bornTimestamp", 5L)
                .put("flag", 3).put("properties", props("KEYS", "k1")).put("reconsumeTimes", 0)
                .put("unitMode", false).put("batch", false).put("bname", "broker-a");
        RemotingCommand response = broker.call(r.body("v1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SUCCESS, response.code(), response.remark());
        StoredMessage m = broker.view(response.field("msgId"));
        assertEquals("TopicV1", m.topic());
        assertEquals(3, m.flag());
        assertEquals("k1", m.property(MessageProperties.KEYS));
        TopicConfig created = broker.core.context().topics().get("TopicV1");
        assertEquals(2, created.writeQueueNums(), "queues = min(header d, TBW102 write queues)");
        assertEquals(6, created.perm());
    }

    @Test
    void autoCreatedTopicIsRegisteredWithTheNameServerAtOnce() throws Exception {
        start(Map.of());
        RegisterBrokerBody boot = RegisterBrokerBody.decode(broker.nameServer.next(RequestCode.REGISTER_BROKER).body(), false);
        assertNotNull(boot.topicConfigSerializeWrapper().topicConfigTable().get("TBW102"));
        assertEquals(7, boot.topicConfigSerializeWrapper().topicConfigTable().get("TBW102").perm());

        assertEquals(0, broker.call(sendV2("NewTopic", 0, "", "x")).code());
        RemotingCommand reg = broker.nameServer.next(RequestCode.REGISTER_BROKER);
        while (!RegisterBrokerBody.decode(reg.body(), false).topicConfigSerializeWrapper().topicConfigTable()
                .containsKey("NewTopic")) {
            reg = broker.nameServer.next(RequestCode.REGISTER_BROKER);
        }
        TopicConfig t = RegisterBrokerBody.decode(reg.body(), false).topicConfigSerializeWrapper().topicConfigTable()
                .get("NewTopic");
        assertEquals(4, t.readQueueNums());
        assertEquals(4, t.writeQueueNums());
        assertEquals("broker-a", reg.field("brokerName"));
        assertEquals("DefaultCluster", reg.field("clusterName"));
        assertEquals(broker.address(), reg.field("brokerAddr"));
        assertEquals("0", reg.field("brokerId"));
        assertTrue(RegisterBrokerBody.decode(reg.body(), false).topicConfigSerializeWrapper().dataVersion().counter()
                > boot.topicConfigSerializeWrapper().dataVersion().counter());
    }

    @Test
    void unknownTopicWithAutoCreateOffIsTopicNotExist() throws Exception {
        start(Map.of("autoCreateTopicEnable", false));
        RemotingCommand r = broker.call(sendV2("Nope", 0, "", "x"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, r.code());
        assertEquals("topic[Nope] not exist, apply first please!", r.remark());
        assertNull(broker.core.context().topics().get("Nope"));
        assertNull(broker.core.context().topics().get("TBW102"), "no TBW102 without auto-create");
    }

    @Test
    void autoCreateCanBeTurnedOffLive() throws Exception {
        start(Map.of());
        broker.core.update(BrokerSettings.of(Map.of("brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1",
                "listenPort", 0, "namesrvAddr", broker.nameServer.address(), "autoCreateTopicEnable", false,
                "sendMessageThreadPoolNums", 2, "pullMessageThreadPoolNums", 2, "adminBrokerThreadPoolNums", 2,
                "heartbeatThreadPoolNums", 1)));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, broker.call(sendV2("Later", 0, "", "x")).code());
        assertEquals(6, broker.core.context().topics().get("TBW102").perm(), "TBW102 lost INHERIT");
    }

    @Test
    void missingOrBadHeaderFieldsAreNamed() throws Exception {
        start(Map.of());
        RemotingCommand noTopic = sendV2("T", 0, "", "x");
        noTopic.extFields().remove("b");
        RemotingCommand r = broker.call(noTopic);
        assertEquals(ResponseCode.SYSTEM_ERROR, r.code());
        assertTrue(r.remark().contains("'b' (topic) is missing"), r.remark());

        RemotingCommand badQueue = sendV2("T", 0, "", "x").put("e", "one");
        r = broker.call(badQueue);
        assertEquals(ResponseCode.SYSTEM_ERROR, r.code());
        assertTrue(r.remark().contains("'e' (queueId) is not a valid number: 'one'"), r.remark());
    }

    @Test
    void queueIdsAreCheckedAndNegativeOnesPicked() throws Exception {
        start(Map.of());
        assertEquals(0, broker.call(sendV2("Q", 0, "", "x")).code());
        RemotingCommand tooHigh = broker.call(sendV2("Q", 4, "", "x"));
        assertEquals(ResponseCode.SYSTEM_ERROR, tooHigh.code());
        assertTrue(tooHigh.remark().contains("queueId[4] is illegal"), tooHigh.remark());
        for (int i = 0; i < 20; i++) {
            RemotingCommand any = broker.call(sendV2("Q", -1, "", "x"));
            assertEquals(0, any.code());
            int q = Integer.parseInt(any.field("queueId"));
            assertTrue(q >= 0 && q < 4, "picked queue " + q);
            assertEquals(q, broker.view(any.field("msgId")).queueId());
        }
    }

    @Test
    void invalidAndForbiddenTopicsAndReadOnlyBrokersAreRefused() throws Exception {
        start(Map.of());
        RemotingCommand bad = broker.call(sendV2("bad topic", 0, "", "x"));
        assertEquals(ResponseCode.SYSTEM_ERROR, bad.code());
        assertTrue(bad.remark().contains("illegal characters"), bad.remark());
        assertEquals(ResponseCode.NO_PERMISSION, broker.call(sendV2(TopicNames.SCHEDULE_TOPIC, 0, "", "x")).code());
        assertEquals(ResponseCode.NO_PERMISSION, broker.call(sendV2(TopicNames.TRANS_HALF_TOPIC, 0, "", "x")).code());
        broker.core.context().topics().put(TopicConfig.of("ReadOnly", 2, 2).withPerm(4));
        assertEquals(ResponseCode.NO_PERMISSION, broker.call(sendV2("ReadOnly", 0, "", "x")).code());
    }

    @Test
    void readOnlyBrokerRefusesSends() throws Exception {
        start(Map.of("brokerPermission", 4));
        RemotingCommand r = broker.call(sendV2("T", 0, "", "x"));
        assertEquals(ResponseCode.NO_PERMISSION, r.code());
        assertTrue(r.remark().contains("sending message is forbidden"), r.remark());
    }

    @Test
    void oversizedBodiesAndPropertiesAreIllegal() throws Exception {
        start(Map.of());
        RemotingCommand big = sendV2("Big", 0, "", "").body(new byte[64 * 1024 + 1]);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, broker.call(big).code());
        assertEquals(ResponseCode.SUCCESS, broker.call(sendV2("Big", 0, "", "").body(new byte[64 * 1024])).code());
        RemotingCommand longProps = sendV2("Big", 0, props("K", "v".repeat(33_000)), "x");
        RemotingCommand r = broker.call(longProps);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, r.code());
        broker.dispatched();
        assertEquals(1, broker.store.maxOffsetInQueue("Big", 0), "nothing illegal was stored");
    }

    @Test
    void compressedBodiesAreStoredUntouched() throws Exception {
        start(Map.of());
        byte[] body = {0x78, (byte) 0x9c, 1, 2, 3};
        RemotingCommand r = sendV2("Zip", 0, "", "").put("f", 0x1 | 0x300).body(body);
        RemotingCommand response = broker.call(r);
        StoredMessage m = broker.view(response.field("msgId"));
        assertEquals(0x301, m.sysFlag() & 0x301);
        assertEquals(java.util.Arrays.toString(body), java.util.Arrays.toString(m.body()));
    }

    @Test
    void flushTimeoutIsCode10WithTheHeader() throws Exception {
        start(Map.of());
        broker.flush.answer(PutStatus.FLUSH_DISK_TIMEOUT);
        RemotingCommand r = broker.call(sendV2("Slow", 0, "", "x"));
        assertEquals(ResponseCode.FLUSH_DISK_TIMEOUT, r.code());
        assertEquals("0", r.field("queueOffset"));
        assertNotNull(r.field("msgId"));
    }

    @Test
    void batchMessagesAreStoredOneByOneWithConsecutiveOffsets() throws Exception {
        start(Map.of());
        assertEquals(0, broker.call(sendV2("Batch", 2, "", "warm-up")).code());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < 3; i++) {
            byte[] body = ("m" + i).getBytes(StandardCharsets.UTF_8);
            byte[] p = props("UNIQ_KEY", "U" + i, "KEYS", "key" + i).getBytes(StandardCharsets.UTF_8);
            out.writeInt(22 + body.length + p.length);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(10 + i);
            out.writeInt(body.length);
            out.write(body);
            out.writeShort(p.length);
            out.write(p);
        }
        RemotingCommand batch = sendV2("Batch", 2, props("WAIT", "true"), "").body(bytes.toByteArray());
        batch = retag(batch, RequestCode.SEND_BATCH_MESSAGE).put("m", true);
        RemotingCommand r = broker.call(batch);
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
        assertEquals("1", r.field("queueOffset"));
        String[] ids = r.field("msgId").split(",");
        assertEquals(3, ids.length);
        for (int i = 0; i < 3; i++) {
            StoredMessage m = broker.view(ids[i]);
            assertEquals("m" + i, new String(m.body(), StandardCharsets.UTF_8));
            assertEquals(1 + i, m.queueOffset());
            assertEquals(10 + i, m.flag());
            assertEquals("U" + i, m.property("UNIQ_KEY"));
            assertEquals("key" + i, m.property("KEYS"));
            assertEquals("true", m.property("WAIT"));
            assertEquals("DefaultCluster", m.property(PropertyNames.CLUSTER));
        }
        broker.dispatched();
        assertEquals(4, broker.store.maxOffsetInQueue("Batch", 2));
    }

    @Test
    void malformedOrRetryBatchesAreIllegal() throws Exception {
        start(Map.of());
        RemotingCommand garbage = retag(sendV2("Batch", 0, "", "").body(new byte[] {0, 0, 0, 99, 1, 2}),
                RequestCode.SEND_BATCH_MESSAGE);
        RemotingCommand r = broker.call(garbage);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, r.code());
        assertTrue(r.remark().startsWith("malformed batch body"), r.remark());
        RemotingCommand retry = retag(sendV2("%RETRY%g", 0, "", "x"), RequestCode.SEND_BATCH_MESSAGE);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, broker.call(retry).code());
    }

    @Test
    void retrySendsPastTheLimitGoToTheDeadLetterTopic() throws Exception {
        start(Map.of());
        RemotingCommand dead = sendV2("%RETRY%cg", 0, props("DELAY", "3", "RETRY_TOPIC", "T"), "dead")
                .put("j", 16);
        RemotingCommand r = broker.call(dead);
        assertEquals(0, r.code(), r.remark());
        StoredMessage m = broker.view(r.field("msgId"));
        assertEquals("%DLQ%cg", m.topic());
        assertEquals(0, m.queueId());
        assertEquals(16, m.reconsumeTimes());
        assertNull(m.property("DELAY"), "a dead letter is not delayed");
        TopicConfig dlq = broker.core.context().topics().get("%DLQ%cg");
        assertEquals(1, dlq.writeQueueNums());
        assertEquals(6, dlq.perm());

        RemotingCommand withLimit = sendV2("%RETRY%cg", 0, props("DELAY", "4"), "retry").put("j", 2).put("l", 3);
        StoredMessage kept = broker.view(broker.call(withLimit).field("msgId"));
        assertEquals(TopicNames.SCHEDULE_TOPIC, kept.topic(), "below the limit it is retried after its delay");
        assertEquals("%RETRY%cg", kept.property(PropertyNames.REAL_TOPIC));

        RemotingCommand headerLimit = sendV2("%RETRY%cg", 0, "", "limit").put("j", 3).put("l", 3);
        assertEquals("%DLQ%cg", broker.view(broker.call(headerLimit).field("msgId")).topic());
    }

    @Test
    void delayedMessagesWaitInTheirScheduleQueue() throws Exception {
        start(Map.of());
        RemotingCommand r = broker.call(sendV2("Later", 1, props("DELAY", "3"), "x"));
        assertEquals(0, r.code());
        assertEquals("1", r.field("queueId"), "the response names the queue the producer chose");
        StoredMessage m = broker.view(r.field("msgId"));
        assertEquals(TopicNames.SCHEDULE_TOPIC, m.topic());
        assertEquals(2, m.queueId());
        assertEquals("Later", m.property(PropertyNames.REAL_TOPIC));
        assertEquals("1", m.property(PropertyNames.REAL_QID));
        assertEquals("3", m.property("DELAY"));
        broker.dispatched();
        assertEquals(0, broker.store.maxOffsetInQueue("Later", 1));
        assertEquals(1, broker.store.maxOffsetInQueue(TopicNames.SCHEDULE_TOPIC, 2));

        StoredMessage clamped = broker.view(broker.call(sendV2("Later", 0, props("DELAY", "99"), "x")).field("msgId"));
        assertEquals(17, clamped.queueId());
        assertEquals("18", clamped.property("DELAY"));
    }

    static RemotingCommand retag(RemotingCommand r, int code) {
        RemotingCommand copy = RemotingCommand.request(code);
        r.extFields().forEach(copy::put);
        return copy.body(r.body());
    }
}
