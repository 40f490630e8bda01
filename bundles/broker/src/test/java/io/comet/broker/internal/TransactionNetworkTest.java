package io.comet.broker.internal;

import static io.comet.broker.internal.BrokerHarness.sendV2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.message.TransactionOp;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageCodec;
import io.comet.common.MessageIds;
import io.comet.common.MessageProperties;
import io.comet.common.MessageSysFlag;
import io.comet.common.StoredMessage;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.GetResult;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Half messages, END_TRANSACTION commit and rollback, and the op records the check-back service reads. */
@Timeout(60)
class TransactionNetworkTest {
    @TempDir
    Path dir;
    BrokerHarness broker;

    @BeforeEach
    void start() throws Exception {
        broker = new BrokerHarness(dir, Map.of());
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private RemotingCommand sendHalf(String body, String uniq) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TRAN_MSG", "true");
        p.put("PGROUP", "txGroup");
        p.put("UNIQ_KEY", uniq);
        p.put("DELAY", "0");
        RemotingCommand r = broker.call(sendV2("TxTopic", 2, MessageProperties.encode(p), body)
                .put("a", "txGroup").put("f", MessageSysFlag.TRANSACTION_PREPARED_TYPE));
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
        return r;
    }

    private RemotingCommand end(RemotingCommand sent, int type, String group) {
        return RemotingCommand.request(RequestCode.END_TRANSACTION)
                .put("producerGroup", group)
                .put("tranStateTableOffset", sent.field("queueOffset"))
                .put("commitLogOffset", MessageIds.decode(sent.field("msgId")).physicalOffset())
                .put("commitOrRollback", type)
                .put("fromTransactionCheck", false)
                .put("msgId", sent.field("transactionId"));
    }

    private List<StoredMessage> read(String topic, int queueId) throws Exception {
        broker.dispatched();
        List<StoredMessage> out = new ArrayList<>();
        GetResult r = broker.store.getMessages("test", topic, queueId, 0, 32, 1 << 20, TagFilter.ALL);
        try {
            for (StoredSlice s : r.messages()) {
                out.add(MessageCodec.decode(s.buffer().duplicate(), 0, true));
            }
        } finally {
            r.release();
        }
        return out;
    }

    @Test
    void halfMessagesWaitInTheHalfTopic() throws Exception {
        RemotingCommand r = sendHalf("half", "TX1");
        assertEquals("TX1", r.field("transactionId"));
        assertEquals("2", r.field("queueId"));
        StoredMessage half = broker.view(r.field("msgId"));
        assertEquals(TopicNames.TRANS_HALF_TOPIC, half.topic());
        assertEquals(0, half.queueId());
        assertEquals("TxTopic", half.property(PropertyNames.REAL_TOPIC));
        assertEquals("2", half.property(PropertyNames.REAL_QID));
        assertEquals("txGroup", half.property(PropertyNames.PRODUCER_GROUP));
        assertEquals(MessageSysFlag.TRANSACTION_NOT_TYPE, MessageSysFlag.transactionType(half.sysFlag()));
        assertEquals(0, read("TxTopic", 2).size(), "invisible to consumers before the commit");
    }

    @Test
    void commitStoresTheMessageToItsRealQueueAndClosesTheHalf() throws Exception {
        sendHalf("first", "TX0");
        RemotingCommand sent = sendHalf("payload", "TX2");
        RemotingCommand answer = broker.call(end(sent, MessageSysFlag.TRANSACTION_COMMIT_TYPE, "txGroup"));
        assertEquals(ResponseCode.SUCCESS, answer.code(), answer.remark());

        List<StoredMessage> visible = read("TxTopic", 2);
        assertEquals(1, visible.size());
        StoredMessage m = visible.get(0);
        assertEquals("payload", new String(m.body(), StandardCharsets.UTF_8));
        assertEquals(MessageSysFlag.TRANSACTION_COMMIT_TYPE, MessageSysFlag.transactionType(m.sysFlag()));
        assertEquals(MessageIds.decode(sent.field("msgId")).physicalOffset(), m.preparedTransactionOffset());
        assertNull(m.property(PropertyNames.REAL_TOPIC));
        assertNull(m.property(PropertyNames.REAL_QID));
        assertNull(m.property(PropertyNames.TRAN_MSG));
        assertEquals("TX2", m.property("UNIQ_KEY"));
        assertEquals("txGroup", m.property(PropertyNames.PRODUCER_GROUP));

        List<StoredMessage> ops = read(TopicNames.TRANS_OP_HALF_TOPIC, 0);
        assertEquals(1, ops.size());
        assertEquals(List.of(1L), TransactionOp.offsets(ops.get(0).body()), "the op names the half queue offset");
        assertEquals(TransactionOp.REMOVE_TAG, ops.get(0).property("TAGS"));
    }

    @Test
    void rollbackOnlyClosesTheHalf() throws Exception {
        RemotingCommand sent = sendHalf("gone", "TX3");
        assertEquals(ResponseCode.SUCCESS, broker.call(end(sent, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, "txGroup")).code());
        assertEquals(0, read("TxTopic", 2).size());
        List<StoredMessage> ops = read(TopicNames.TRANS_OP_HALF_TOPIC, 0);
        assertEquals(1, ops.size());
        assertEquals(List.of(0L), TransactionOp.offsets(ops.get(0).body()));
    }

    @Test
    void mismatchesAreRefusedAndUnknownStateDoesNothing() throws Exception {
        RemotingCommand sent = sendHalf("x", "TX4");
        RemotingCommand wrongGroup = broker.call(end(sent, MessageSysFlag.TRANSACTION_COMMIT_TYPE, "other"));
        assertEquals(ResponseCode.SYSTEM_ERROR, wrongGroup.code());
        assertTrue(wrongGroup.remark().contains("producer group wrong"), wrongGroup.remark());
        RemotingCommand wrongOffset = broker.call(end(sent, MessageSysFlag.TRANSACTION_COMMIT_TYPE, "txGroup")
                .put("tranStateTableOffset", 9));
        assertEquals(ResponseCode.SYSTEM_ERROR, wrongOffset.code());
        RemotingCommand nothingThere = broker.call(end(sent, MessageSysFlag.TRANSACTION_COMMIT_TYPE, "txGroup")
                .put("commitLogOffset", 1L << 40));
        assertEquals(ResponseCode.SYSTEM_ERROR, nothingThere.code());
        assertTrue(nothingThere.remark().contains("Find prepared transaction message failed"));

        RemotingCommand unknown = end(sent, MessageSysFlag.TRANSACTION_NOT_TYPE, "txGroup").markOneway();
        broker.client.invokeOneway(broker.address(), unknown, 3000);
        RemotingCommand commit = broker.call(end(sent, MessageSysFlag.TRANSACTION_COMMIT_TYPE, "txGroup"));
        assertEquals(ResponseCode.SUCCESS, commit.code());
        assertEquals(1, read("TxTopic", 2).size());
        assertEquals(1, read(TopicNames.TRANS_OP_HALF_TOPIC, 0).size(), "only the commit wrote an op");
    }
}
