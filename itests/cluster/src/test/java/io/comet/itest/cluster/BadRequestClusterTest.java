package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.BrokerFile;
import io.comet.itest.CometCluster;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's "bad requests" acceptance against a broker process started from the distribution with
 * {@code autoCreateTopicEnable=false}: requests built with Comet's own remoting client (and raw sockets for broken
 * frames) that miss header fields, name an unknown topic, carry an oversized body or properties, pull at illegal
 * offsets or use an unknown request code get RocketMQ's response codes with a remark saying what was wrong; a
 * garbage frame closes only its own connection; and afterwards (the last test) the broker still stores and serves
 * messages sent with rocketmq-client 5.3.1 and is still registered with the NameServer.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadRequestClusterTest {
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    static final String BROKER = "broker-bad";
    /** The V2 send header keys every send must carry (producerGroup .. flag). */
    static final List<String> REQUIRED_SEND_KEYS = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    @TempDir
    static Path work;
    static CometCluster cluster;
    static String nsAddr;
    static String brokerAddr;
    static DefaultMQAdminExt admin;
    static RemotingClient client;
    static String topic;

    @BeforeAll
    static void startNodes() throws Exception {
        cluster = CometCluster.start(work, List.of(BrokerFile.lone(BROKER, Map.of("autoCreateTopicEnable", "false"))),
                Map.of());
        nsAddr = cluster.namesrvAddr();
        brokerAddr = cluster.address("broker");
        admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nsAddr);
        admin.setInstanceName("bad-admin-" + RUN);
        admin.start();
        topic = "BadReq" + RUN;
        admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(topic, 2, 2, 6));
        // the broker re-registers with the NameServer right after the topic change; wait (bounded) for the route
        long routeDeadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                admin.examineTopicRouteInfo(topic);
                break;
            } catch (Exception notYet) {
                if (System.currentTimeMillis() > routeDeadline) throw notYet;
                Thread.sleep(100);
            }
        }
        client = Remoting.newClient(ClientSettings.defaults());
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (admin != null) admin.shutdown();
        if (cluster != null) cluster.close();
    }

    /** A complete SEND_MESSAGE_V2 request, as rocketmq-client 5.3.1 builds it, to one queue. */
    static RemotingCommand send(String toTopic, int queueId, String body) {
        return send(toTopic, queueId, body.getBytes(StandardCharsets.UTF_8));
    }

    static RemotingCommand send(String toTopic, int queueId, byte[] body) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .put("a", "bad-producer-" + RUN).put("b", toTopic).put("c", "TBW102").put("d", 4)
                .put("e", queueId).put("f", 0).put("g", System.currentTimeMillis()).put("h", 0)
                .put("i", "TAGS\u0001TagA\u0002").put("j", 0).put("k", false).put("m", false).put("n", BROKER)
                .body(body);
    }

    /** A PULL_MESSAGE request carrying its own subscription ("*"), without long polling or offset commit. */
    static RemotingCommand pull(int queueId, long offset) {
        return RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .put("consumerGroup", "bad-group-" + RUN).put("topic", topic).put("queueId", queueId)
                .put("queueOffset", offset).put("maxMsgNums", 32).put("sysFlag", 4).put("commitOffset", 0)
                .put("suspendTimeoutMillis", 0).put("subscription", "*").put("subVersion", 0)
                .put("expressionType", "TAG").put("bname", BROKER);
    }

    static RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(brokerAddr, request, 10_000);
    }

    static long maxOffset(int queueId) throws Exception {
        return admin.maxOffset(new MessageQueue(topic, BROKER, queueId));
    }

    /** The queue's max offset once the store's dispatch thread has built it up to {@code atLeast} (bounded). */
    static long awaitMaxOffset(int queueId, long atLeast) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        long max = maxOffset(queueId);
        while (max < atLeast && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            max = maxOffset(queueId);
        }
        return max;
    }

    /** The queue's max offset after giving dispatch time to show anything just stored. */
    static long settledMaxOffset(int queueId) throws Exception {
        Thread.sleep(500);
        return maxOffset(queueId);
    }

    @Test
    @Order(1)
    void sendsMissingARequiredHeaderFieldAreSystemErrorsNamingTheField() throws Exception {
        RemotingCommand ok = call(send(topic, 0, "complete"));
        assertEquals(ResponseCode.SUCCESS, ok.code(), "the complete request is stored: " + ok.remark());
        long before = awaitMaxOffset(0, 1);
        for (String key : REQUIRED_SEND_KEYS) {
            RemotingCommand request = send(topic, 0, "without-" + key);
            request.extFields().remove(key);
            RemotingCommand r = call(request);
            assertEquals(ResponseCode.SYSTEM_ERROR, r.code(), "without '" + key + "': " + r.remark());
            assertNotNull(r.remark(), "a remark explains the error");
            assertTrue(r.remark().contains("'" + key + "'") && r.remark().contains("missing"),
                    "the remark names the missing field '" + key + "': " + r.remark());
        }
        RemotingCommand v1 = RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .put("producerGroup", "bad-producer-" + RUN).put("defaultTopic", "TBW102")
                .put("defaultTopicQueueNums", 4).put("queueId", 0).put("sysFlag", 0)
                .put("bornTimestamp", System.currentTimeMillis()).put("flag", 0).put("bname", BROKER)
                .body("v1 without topic".getBytes(StandardCharsets.UTF_8));
        RemotingCommand v1Answer = call(v1);
        assertEquals(ResponseCode.SYSTEM_ERROR, v1Answer.code(), v1Answer.remark());
        assertTrue(v1Answer.remark().contains("'topic'"), "SEND_MESSAGE names its long field: " + v1Answer.remark());
        RemotingCommand notANumber = send(topic, 0, "bad-queue");
        notANumber.put("e", "zero");
        RemotingCommand r = call(notANumber);
        assertEquals(ResponseCode.SYSTEM_ERROR, r.code());
        assertTrue(r.remark().contains("'e'") && r.remark().contains("zero"), r.remark());
        assertEquals(before, settledMaxOffset(0), "no broken request stored anything");
    }

    @Test
    @Order(2)
    void unknownTopicsAreTopicNotExistWhileAutoCreateIsOff() throws Exception {
        String unknown = "BadReqUnknown" + RUN;
        RemotingCommand r = call(send(unknown, 0, "nobody home"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, r.code(), r.remark());
        assertTrue(r.remark().startsWith("topic[" + unknown + "] not exist, apply first please!"), r.remark());
        RemotingCommand p = call(pull(0, 0).put("topic", unknown));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, p.code(), p.remark());
        assertTrue(p.remark().startsWith("topic[" + unknown + "] not exist, apply first please!"), p.remark());
        assertTrue(!routes(admin, unknown), "the topic was not created on the side");
    }

    @Test
    @Order(3)
    void oversizedBodiesAndPropertiesAreIllegalMessages() throws Exception {
        long before = settledMaxOffset(1);
        RemotingCommand big = call(send(topic, 1, new byte[4 * 1024 * 1024 + 1]));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, big.code(), big.remark());
        assertTrue(big.remark() != null && !big.remark().isBlank(), "a remark explains the refusal");
        RemotingCommand wideProps = send(topic, 1, "small body");
        wideProps.put("i", "k\u0001" + "v".repeat(40_000) + "\u0002");
        RemotingCommand r = call(wideProps);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, r.code(), r.remark());
        assertTrue(r.remark().contains("properties"), r.remark());
        RemotingCommand exactlyMax = call(send(topic, 1, new byte[4 * 1024 * 1024]));
        assertEquals(ResponseCode.SUCCESS, exactlyMax.code(), "4 MiB is still allowed: " + exactlyMax.remark());
        assertEquals(before + 1, awaitMaxOffset(1, before + 1), "the message within the limits was stored");
        assertEquals(before + 1, settledMaxOffset(1), "only the message within the limits was stored");
    }

    @Test
    @Order(4)
    void pullsAtIllegalOffsetsAnswerWhereToContinue() throws Exception {
        String pullTopic = topic;
        long max = settledMaxOffset(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(ResponseCode.SUCCESS, call(send(pullTopic, 0, "pull-" + i)).code());
        }
        long end = max + 3;
        assertEquals(end, awaitMaxOffset(0, end));

        RemotingCommand found = call(pull(0, 0));
        assertEquals(ResponseCode.SUCCESS, found.code(), found.remark());
        assertEquals(end, Long.parseLong(found.field("nextBeginOffset")));
        List<MessageExt> records = MessageDecoder.decodes(ByteBuffer.wrap(found.body()));
        assertEquals(end, records.size(), "every stored message of queue 0 comes back");
        for (int i = 0; i < 3; i++) {
            MessageExt m = records.get(records.size() - 3 + i);
            assertEquals("pull-" + i, new String(m.getBody(), StandardCharsets.UTF_8));
            assertEquals(max + i, m.getQueueOffset());
        }
        assertPull(call(pull(0, end + 100)), ResponseCode.PULL_OFFSET_MOVED, end, 0, end);
        assertPull(call(pull(0, end)), ResponseCode.PULL_NOT_FOUND, end, 0, end);
        assertPull(call(pull(0, -5)), ResponseCode.PULL_OFFSET_MOVED, 0, 0, end);

        // queue 1 got only the 4 MiB message (test 3) or nothing: use a fresh two-queue topic for the empty case
        String empty = "BadReqEmpty" + RUN;
        admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(empty, 2, 2, 6));
        assertPull(call(pull(1, 5).put("topic", empty)), ResponseCode.PULL_OFFSET_MOVED, 0, 0, 0);
        assertPull(call(pull(1, 0).put("topic", empty)), ResponseCode.PULL_NOT_FOUND, 0, 0, 0);

        RemotingCommand badQueue = call(pull(7, 0));
        assertEquals(ResponseCode.SYSTEM_ERROR, badQueue.code(), badQueue.remark());
        assertTrue(badQueue.remark().contains("queueId[7] is illegal"), badQueue.remark());
        RemotingCommand noOffset = pull(0, 0);
        noOffset.extFields().remove("queueOffset");
        RemotingCommand missing = call(noOffset);
        assertEquals(ResponseCode.SYSTEM_ERROR, missing.code(), missing.remark());
        assertTrue(missing.remark().contains("queueOffset"), "the remark names the field: " + missing.remark());
    }

    static void assertPull(RemotingCommand r, int code, long next, long min, long max) {
        assertEquals(code, r.code(), "pull answered " + r);
        assertEquals(next, Long.parseLong(r.field("nextBeginOffset")), "nextBeginOffset of " + r);
        assertEquals(min, Long.parseLong(r.field("minOffset")), "minOffset of " + r);
        assertEquals(max, Long.parseLong(r.field("maxOffset")), "maxOffset of " + r);
        assertEquals(0, r.bodyLength(), "no body unless messages were found");
    }

    @Test
    @Order(5)
    void unknownRequestCodesAreNotSupported() throws Exception {
        RemotingCommand r = call(RemotingCommand.request(9999).put("x", "y"));
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, r.code());
        assertTrue(r.remark().contains("9999") && r.remark().contains("not supported"), r.remark());
    }

    @Test
    @Order(6)
    void garbageFramesCloseOnlyTheirOwnConnection() throws Exception {
        try (Socket healthy = connect()) {
            assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, rawCall(healthy, 1));
            List<byte[]> garbage = List.of(
                    "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), // huge length prefix
                    frame(0x09, "{}".getBytes(StandardCharsets.UTF_8)), // unknown serialize type
                    frame(0x00, "not json at all {".getBytes(StandardCharsets.UTF_8)), // broken JSON header
                    ByteBuffer.allocate(12).putInt(8).putInt(100).putInt(0).array()); // header longer than frame
            int opaque = 2;
            for (byte[] bytes : garbage) {
                try (Socket bad = connect()) {
                    bad.getOutputStream().write(bytes);
                    bad.getOutputStream().flush();
                    assertClosedByPeer(bad);
                }
                assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, rawCall(healthy, opaque++),
                        "the other connection still gets answers");
            }
        }
        RemotingCommand r = call(RemotingCommand.request(9999));
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, r.code());
    }

    @Test
    @Order(100)
    void afterAllOfItTheBrokerServesSendsAndStaysRegistered() throws Exception {
        assertTrue(cluster.node("broker").process().isAlive(), "the broker process is alive");
        DefaultMQProducer producer = new DefaultMQProducer("bad-after-" + RUN);
        producer.setNamesrvAddr(nsAddr);
        producer.setInstanceName("bad-after-" + RUN);
        producer.setSendMsgTimeout(5000);
        producer.start();
        try {
            await(() -> routes(admin, topic), "the NameServer routes " + topic);
            for (int i = 0; i < 5; i++) {
                SendResult sr = producer.send(new Message(topic, "TagA", ("still-" + i).getBytes(StandardCharsets.UTF_8)));
                assertEquals(SendStatus.SEND_OK, sr.getSendStatus());
                MessageExt stored = admin.viewMessage(topic, sr.getOffsetMsgId());
                assertEquals("still-" + i, new String(stored.getBody(), StandardCharsets.UTF_8));
                assertEquals(sr.getQueueOffset(), stored.getQueueOffset());
            }
        } finally {
            producer.shutdown();
        }
        ClusterInfo info = admin.examineBrokerClusterInfo();
        BrokerData data = info.getBrokerAddrTable().get(BROKER);
        assertNotNull(data, "the NameServer still lists " + BROKER + ": " + info.getBrokerAddrTable().keySet());
        assertEquals(brokerAddr, data.getBrokerAddrs().get(0L));
        assertTrue(info.getClusterAddrTable().get("CometCluster").contains(BROKER));
    }

    // ---- raw socket helpers: frames are int32 length | int32 (serializeType << 24 | headerLength) | header | body

    static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(brokerAddr.split(":")[1])), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    static byte[] frame(int serializeType, byte[] header) {
        return ByteBuffer.allocate(8 + header.length).putInt(4 + header.length)
                .putInt(serializeType << 24 | header.length).put(header).array();
    }

    /**
     * Sends request code 9999 with a JSON header on {@code s} and returns the response's code. The request says it
     * comes from a client in another language than Java, so the answer is JSON too (Java clients get binary headers).
     */
    static int rawCall(Socket s, int opaque) throws IOException {
        String header = "{\"code\":9999,\"language\":\"OTHER\",\"version\":475,\"opaque\":" + opaque
                + ",\"flag\":0,\"extFields\":{}}";
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.write(frame(0, header.getBytes(StandardCharsets.UTF_8)));
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readInt();
        assertTrue(length >= 4 && length < 1 << 20, "response frame length " + length);
        int mark = in.readInt();
        assertEquals(0, mark >>> 24, "a JSON request from a non-Java client is answered in JSON");
        byte[] h = new byte[mark & 0xFFFFFF];
        in.readFully(h);
        in.readFully(new byte[length - 4 - h.length]);
        String json = new String(h, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"opaque\":" + opaque), "the response echoes opaque " + opaque + ": " + json);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"code\":(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Integer.parseInt(m.group(1));
    }

    /** The broker closes the socket: reads end (EOF or reset) within the socket timeout. */
    static void assertClosedByPeer(Socket s) throws IOException {
        try {
            int n;
            byte[] buf = new byte[256];
            do {
                n = s.getInputStream().read(buf);
            } while (n > 0);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker kept a connection open after a garbage frame", e);
        } catch (SocketException | EOFException e) {
            // connection reset: closed as well
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    static boolean routes(DefaultMQAdminExt admin, String topic) {
        try {
            return admin.examineTopicRouteInfo(topic) != null;
        } catch (Exception e) {
            return false;
        }
    }
}
