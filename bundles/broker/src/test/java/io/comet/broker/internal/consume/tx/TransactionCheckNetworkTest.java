package io.comet.broker.internal.consume.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageCodec;
import io.comet.common.MessageIds;
import io.comet.common.MessageProperties;
import io.comet.common.StoredMessage;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.store.GetResult;
import io.comet.store.TagFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The broker asks a producer about old open transactions, and stops once they are ended or checked too often. */
@Timeout(60)
class TransactionCheckNetworkTest {
    @TempDir
    Path dir;
    ConsumeHarness broker;
    final BlockingQueue<RemotingCommand> checks = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        broker = new ConsumeHarness(dir, Map.of("transactionTimeOut", 300, "transactionCheckInterval", 200,
                "transactionCheckMax", 2));
        broker.createTopic("T", 2);
        broker.client.registerProcessor((ch, req) -> {
            checks.add(req);
            return null;
        }, RequestCode.CHECK_TRANSACTION_STATE);
        String hb = "{\"clientID\":\"p@1\",\"consumerDataSet\":[],\"producerDataSet\":[{\"groupName\":\"pg\"}]}";
        assertEquals(ResponseCode.SUCCESS, broker.call(RemotingCommand.request(RequestCode.HEART_BEAT)
                .body(hb.getBytes(StandardCharsets.UTF_8))).code());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private RemotingCommand sendHalf(String uniq) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TRAN_MSG", "true");
        p.put("PGROUP", "pg");
        p.put("UNIQ_KEY", uniq);
        RemotingCommand r = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        r.put("a", "pg").put("b", "T").put("c", "TBW102").put("d", 4).put("e", 1).put("f", 4)
                .put("g", System.currentTimeMillis()).put("h", 0).put("i", MessageProperties.encode(p)).put("j", 0)
                .put("k", false).put("m", false).put("n", "broker-a");
        RemotingCommand resp = broker.call(r.body(("tx-" + uniq).getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        return resp;
    }

    private RemotingCommand end(RemotingCommand sendResponse, String uniq, int type) throws Exception {
        return broker.call(RemotingCommand.request(RequestCode.END_TRANSACTION).put("producerGroup", "pg")
                .put("tranStateTableOffset", sendResponse.field("queueOffset"))
                .put("commitLogOffset", MessageIds.decode(sendResponse.field("msgId")).physicalOffset())
                .put("commitOrRollback", type).put("fromTransactionCheck", true).put("msgId", uniq));
    }

    private int count(String topic, int queueId) {
        try (GetResult r = broker.store.getMessages(null, topic, queueId, 0, 100, Integer.MAX_VALUE, TagFilter.ALL)) {
            return r.messages().size();
        }
    }

    @Test
    void openTransactionIsCheckedBackUntilCommitted() throws Exception {
        RemotingCommand sent = sendHalf("TX1");
        RemotingCommand check = checks.poll(10, TimeUnit.SECONDS);
        assertTrue(check != null, "an open transaction older than transactionTimeOut is checked back");
        assertTrue(check.isOneway());
        assertEquals(sent.field("queueOffset"), check.field("tranStateTableOffset"));
        assertEquals(String.valueOf(MessageIds.decode(sent.field("msgId")).physicalOffset()),
                check.field("commitLogOffset"));
        assertEquals("TX1", check.field("msgId"));
        assertEquals("TX1", check.field("transactionId"));
        assertEquals(sent.field("msgId"), check.field("offsetMsgId"));
        StoredMessage body = MessageCodec.decode(ByteBuffer.wrap(check.body()), 0, true);
        assertEquals("T", body.topic(), "the body names the real topic");
        assertEquals(1, body.queueId());
        assertEquals("pg", body.property(PropertyNames.PRODUCER_GROUP));
        assertEquals("tx-TX1", new String(body.body(), StandardCharsets.UTF_8));

        assertEquals(ResponseCode.SUCCESS, end(sent, "TX1", 8).code());
        broker.store.awaitDispatched(5000);
        assertEquals(1, count("T", 1), "committed into the real queue");
        Thread.sleep(1000);
        checks.clear();
        Thread.sleep(1000);
        assertNull(checks.poll(), "an ended transaction is not checked again");
    }

    @Test
    void rolledBackTransactionIsNeverCheckedAndAnUnansweredOneIsGivenUp() throws Exception {
        RemotingCommand rolledBack = sendHalf("TX2");
        assertEquals(ResponseCode.SUCCESS, end(rolledBack, "TX2", 12).code());
        sendHalf("TX3");
        RemotingCommand first = checks.poll(10, TimeUnit.SECONDS);
        assertEquals("TX3", first.field("msgId"), "only the open one is asked about");
        RemotingCommand second = checks.poll(10, TimeUnit.SECONDS);
        assertEquals("TX3", second.field("msgId"));
        assertNull(checks.poll(1000, TimeUnit.MILLISECONDS), "transactionCheckMax=2: no third check");
        broker.store.awaitDispatched(5000);
        assertEquals(1, count(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 0), "given up");
        assertEquals(0, count("T", 1));
    }
}
