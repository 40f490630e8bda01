package io.comet.broker.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.DelayLevels;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.common.MessageProperties;
import io.comet.common.MessageSysFlag;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.PutStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header decoding, batch decoding, status mapping and delay/half rewriting without a network. */
class SendPathUnitTest {
    static final DelayLevels LEVELS = DelayLevels.parse("1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h");

    static RemotingCommand v2() {
        RemotingCommand r = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        r.put("a", "pg").put("b", "T").put("c", "TBW102").put("d", "4").put("e", "-1").put("f", "1")
                .put("g", "123").put("h", "9").put("i", "TAGS\u0001x\u0002").put("j", "2").put("k", "false")
                .put("l", "5").put("m", "true").put("n", "broker-b");
        return r;
    }

    @Test
    void v2HeaderIsDecoded() throws Exception {
        SendHeader h = SendHeader.decode(v2());
        assertEquals(new SendHeader("pg", "T", "TBW102", 4, -1, 1, 123, 9, "TAGS\u0001x\u0002", 2, false, 5, true,
                "broker-b"), h);
    }

    @Test
    void optionalFieldsDefault() throws Exception {
        RemotingCommand r = v2();
        for (String k : List.of("i", "j", "k", "l", "m", "n")) {
            r.extFields().remove(k);
        }
        SendHeader h = SendHeader.decode(r);
        assertEquals("", h.properties());
        assertEquals(0, h.reconsumeTimes());
        assertEquals(-1, h.maxReconsumeTimes());
        assertFalse(h.batch());
        assertNull(h.brokerName());
    }

    @Test
    void v1HeaderUsesLongNames() throws Exception {
        RemotingCommand r = RemotingCommand.request(RequestCode.SEND_MESSAGE);
        r.put("producerGroup", "pg").put("topic", "T").put("defaultTopic", "TBW102").put("defaultTopicQueueNums", 4)
                .put("queueId", 3).put("sysFlag", 0).put("bornTimestamp", 5).put("flag", 0).put("bname", "b");
        SendHeader h = SendHeader.decode(r);
        assertEquals(3, h.queueId());
        assertEquals("b", h.brokerName());
        r.extFields().remove("flag");
        RemotingCommandException e = assertThrows(RemotingCommandException.class, () -> SendHeader.decode(r));
        assertEquals("request code 10: required header field 'flag' is missing", e.getMessage());
    }

    @Test
    void everyRequiredFieldIsChecked() {
        String[] letters = {"a", "b", "c", "d", "e", "f", "g", "h"};
        String[] names = {"producerGroup", "topic", "defaultTopic", "defaultTopicQueueNums", "queueId", "sysFlag",
                "bornTimestamp", "flag"};
        for (int i = 0; i < letters.length; i++) {
            RemotingCommand r = v2();
            r.extFields().remove(letters[i]);
            RemotingCommandException e = assertThrows(RemotingCommandException.class, () -> SendHeader.decode(r));
            assertEquals("request code 310: required header field '" + letters[i] + "' (" + names[i] + ") is missing",
                    e.getMessage());
        }
        RemotingCommand noHeader = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        assertThrows(RemotingCommandException.class, () -> SendHeader.decode(noHeader));
        RemotingCommand badLong = v2().put("g", "12x");
        assertTrue(assertThrows(RemotingCommandException.class, () -> SendHeader.decode(badLong)).getMessage()
                .contains("'g' (bornTimestamp) is not a valid number: '12x'"));
        RemotingCommand tooBig = v2().put("e", "9999999999");
        assertThrows(RemotingCommandException.class, () -> SendHeader.decode(tooBig));
    }

    static byte[] batch(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < n; i++) {
            byte[] body = ("body-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] props = ("UNIQ_KEY\u0001K" + i + "\u0002").getBytes(StandardCharsets.UTF_8);
            out.writeInt(22 + body.length + props.length);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(i);
            out.writeInt(body.length);
            out.write(body);
            out.writeShort(props.length);
            out.write(props);
        }
        return bytes.toByteArray();
    }

    @Test
    void batchBodiesAreSplitInOrder() throws Exception {
        List<BatchDecoder.Inner> inner = BatchDecoder.decode(batch(4));
        assertEquals(4, inner.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, inner.get(i).flag());
            assertEquals("body-" + i, new String(inner.get(i).body(), StandardCharsets.UTF_8));
            assertEquals("K" + i, MessageProperties.get(inner.get(i).properties(), "UNIQ_KEY"));
        }
    }

    @Test
    void malformedBatchesNameTheMessageAndDefect() throws Exception {
        byte[] ok = batch(2);
        byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchDecoder.decode(truncated));
        assertTrue(e.getMessage().startsWith("malformed batch body: message 1:"), e.getMessage());
        byte[] wrongTotal = ok.clone();
        wrongTotal[3] = (byte) (wrongTotal[3] + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BatchDecoder.decode(wrongTotal)).getMessage()
                .contains("message 0: totalSize"));
        assertThrows(IllegalArgumentException.class, () -> BatchDecoder.decode(new byte[0]));
        byte[] hugeBody = ok.clone();
        hugeBody[16] = 0x7f;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BatchDecoder.decode(hugeBody)).getMessage()
                .contains("overruns the batch"));
    }

    @Test
    void putStatusesMapToRocketMqCodes() {
        Map<PutStatus, Integer> expected = new LinkedHashMap<>();
        expected.put(PutStatus.PUT_OK, ResponseCode.SUCCESS);
        expected.put(PutStatus.FLUSH_DISK_TIMEOUT, 10);
        expected.put(PutStatus.FLUSH_SLAVE_TIMEOUT, 12);
        expected.put(PutStatus.SLAVE_NOT_AVAILABLE, 11);
        expected.put(PutStatus.SERVICE_NOT_AVAILABLE, 14);
        expected.put(PutStatus.MESSAGE_ILLEGAL, 13);
        expected.put(PutStatus.PROPERTIES_SIZE_EXCEEDED, 13);
        expected.put(PutStatus.CREATE_MAPPED_FILE_FAILED, 1);
        expected.put(PutStatus.UNKNOWN_ERROR, 1);
        assertEquals(PutStatus.values().length, expected.size(), "every status is mapped");
        expected.forEach((status, code) -> assertEquals(code, PutStatusCodes.code(status), status.name()));
        assertNull(PutStatusCodes.remark(PutStatus.PUT_OK));
        assertTrue(PutStatusCodes.remark(PutStatus.SERVICE_NOT_AVAILABLE).startsWith("service not available"));
    }

    static MessageDraft draft(String props, int sysFlag) {
        return new MessageDraft("Real", 3, props, sysFlag, 0, new byte[0], 0, null, 0);
    }

    @Test
    void delayLevelsParkInTheirScheduleQueue() {
        MessageDraft d = draft("DELAY\u00015\u0002", 0);
        assertTrue(Parking.applyDelay(d, LEVELS, 0));
        assertEquals("SCHEDULE_TOPIC_XXXX", d.topic);
        assertEquals(4, d.queueId);
        assertEquals("Real", MessageProperties.get(d.properties, PropertyNames.REAL_TOPIC));
        assertEquals("3", MessageProperties.get(d.properties, PropertyNames.REAL_QID));

        MessageDraft none = draft("DELAY\u00010\u0002", 0);
        assertFalse(Parking.applyDelay(none, LEVELS, 0));
        assertEquals("Real", none.topic);
        MessageDraft garbage = draft("DELAY\u0001soon\u0002", 0);
        assertFalse(Parking.applyDelay(garbage, LEVELS, 0));

        MessageDraft prepared = draft("DELAY\u00012\u0002", MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertFalse(Parking.applyDelay(prepared, LEVELS, 0), "prepared messages are not delayed");
        MessageDraft committed = draft("DELAY\u00012\u0002", MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        assertTrue(Parking.applyDelay(committed, LEVELS, 0), "a committed message is");
    }

    @Test
    void deliveryTimesBecomeTheNextLevelThatIsNotEarly() {
        long now = 1_000_000;
        MessageDraft at = draft("TIMER_DELIVER_MS\u0001" + (now + 7_000) + "\u0002", 0);
        assertTrue(Parking.applyDelay(at, LEVELS, now));
        assertEquals(2, at.queueId, "7 s rounds up to level 3 (10 s)");
        assertEquals("3", MessageProperties.get(at.properties, "DELAY"));
        MessageDraft sec = draft("TIMER_DELAY_SEC\u000160\u0002", 0);
        Parking.applyDelay(sec, LEVELS, now);
        assertEquals(4, sec.queueId, "60 s is level 5 (1m)");
        MessageDraft ms = draft("TIMER_DELAY_MS\u00011\u0002", 0);
        Parking.applyDelay(ms, LEVELS, now);
        assertEquals(0, ms.queueId);
        MessageDraft legacy = draft("__STARTDELIVERTIME\u0001" + (now + 3 * 3_600_000L) + "\u0002", 0);
        Parking.applyDelay(legacy, LEVELS, now);
        assertEquals(17, legacy.queueId, "beyond the last level: the last level");
        MessageDraft past = draft("TIMER_DELIVER_MS\u0001" + (now - 1) + "\u0002", 0);
        assertFalse(Parking.applyDelay(past, LEVELS, now), "a time already past is delivered at once");
    }

    @Test
    void halfMessagesParkInQueueZeroWithoutTransactionBits() {
        MessageDraft d = draft("TRAN_MSG\u0001true\u0002PGROUP\u0001g\u0002", MessageSysFlag.TRANSACTION_PREPARED_TYPE | 1);
        assertTrue(Parking.isHalf(d.properties));
        Parking.toHalf(d);
        assertEquals("RMQ_SYS_TRANS_HALF_TOPIC", d.topic);
        assertEquals(0, d.queueId);
        assertEquals(1, d.sysFlag, "compression kept, transaction bits cleared");
        assertEquals("3", MessageProperties.get(d.properties, PropertyNames.REAL_QID));
        assertFalse(Parking.isHalf("TRAN_MSG\u0001false\u0002"));
    }
}
