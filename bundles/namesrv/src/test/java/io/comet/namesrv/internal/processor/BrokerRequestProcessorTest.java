package io.comet.namesrv.internal.processor;

import static io.comet.namesrv.internal.processor.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.DataVersion;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.RegisterBrokerBody;
import io.comet.common.TopicConfig;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.namesrv.internal.FakeChannel;
import io.comet.namesrv.internal.kv.KvConfigStore;
import io.comet.namesrv.internal.route.BrokerRegistry;
import io.comet.namesrv.internal.route.RouteQueries;
import io.comet.namesrv.internal.route.RouteTables;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REGISTER_BROKER and friends as a broker sends them: headers, CRC, body forms and answers. */
class BrokerRequestProcessorTest {
    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(5_000);
    private final RouteTables tables = new RouteTables(now::get);
    private final BrokerRegistry registry = new BrokerRegistry(tables);
    private final RouteQueries routes = new RouteQueries(tables);
    private KvConfigStore kv;
    private BrokerRequestProcessor processor;

    private BrokerRequestProcessor processor() {
        if (processor == null) {
            kv = new KvConfigStore(dir.resolve("kv.json"));
            processor = new BrokerRequestProcessor(registry, kv, Tunables::defaults);
        }
        return processor;
    }

    private static RegisterBrokerBody body(long counter) {
        return new RegisterBrokerBody(new TopicConfigSerializeWrapper(
                Map.of("TopicA", TopicConfig.of("TopicA", 4, 4)), new DataVersion(counter, 0, 42)), List.of());
    }

    private static RemotingCommand register(String name, long id, String addr, byte[] body, boolean compressed, int crc) {
        return request(RequestCode.REGISTER_BROKER, "brokerName", name, "brokerAddr", addr, "clusterName", "C1",
                "haServerAddr", addr.replace("10911", "10912"), "brokerId", String.valueOf(id),
                "compressed", String.valueOf(compressed), "bodyCrc32", String.valueOf(crc)).body(body);
    }

    @Test
    void plainRegistrationWithMatchingCrcSucceeds() {
        byte[] b = body(1).encode(false);
        RemotingCommand req = register("broker-a", 0, "10.0.0.1:10911", b, false, BrokerRequestProcessor.crc32(b));
        RemotingCommand resp = processor().answer(new FakeChannel("10.0.0.1:5000"), req);
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        assertEquals(req.opaque(), resp.opaque());
        assertTrue(resp.isResponse());
        assertNull(resp.field("masterAddr"));
        assertEquals(4, routes.route("TopicA").queueDatas().get(0).readQueueNums());
    }

    @Test
    void crcMismatchIsRefusedAndRegistersNothing() {
        byte[] b = body(1).encode(false);
        int wrong = (BrokerRequestProcessor.crc32(b) + 1) & 0x7FFFFFFF;
        RemotingCommand resp = processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", b, false, wrong == 0 ? 1 : wrong));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("crc32 not match", resp.remark());
        assertNull(routes.route("TopicA"));
    }

    @Test
    void crcIsMaskedToNonNegative() {
        for (int i = 0; i < 50; i++) {
            assertTrue(BrokerRequestProcessor.crc32(new byte[] {(byte) i, 1, 2, 3}) >= 0);
        }
    }

    @Test
    void compressedRegistrationAndSlaveAnswer() {
        byte[] master = body(1).encode(true);
        assertEquals(ResponseCode.SUCCESS, processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", master, true, 0)).code());
        RemotingCommand slave = processor().answer(null, register("broker-a", 1, "10.0.0.2:10911", body(1).encode(true), true, 0));
        assertEquals(ResponseCode.SUCCESS, slave.code());
        assertEquals("10.0.0.1:10911", slave.field("masterAddr"));
        assertEquals("10.0.0.1:10912", slave.field("haServerAddr"));
    }

    @Test
    void registrationAnswerCarriesOrderTopicConfig() {
        processor();
        kv.put("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:4");
        RemotingCommand resp = processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", body(1).encode(false), false, 0));
        assertEquals(Map.of("TopicA", "broker-a:4"), Json.fromBytes(resp.body(), KVTable.class).table());
    }

    @Test
    void oldBrokerSendsTheTopicTableItself() {
        TopicConfigSerializeWrapper wrapper = body(1).topicConfigSerializeWrapper();
        RemotingCommand req = register("broker-a", 0, "10.0.0.1:10911", Json.toBytes(wrapper), false, 0).version(36);
        assertEquals(ResponseCode.SUCCESS, processor().answer(null, req).code());
        assertEquals(4, routes.route("TopicA").queueDatas().get(0).writeQueueNums());
    }

    @Test
    void missingRequiredFieldIsNamed() {
        RemotingCommand req = request(RequestCode.REGISTER_BROKER, "brokerName", "b", "brokerAddr", "1.1.1.1:1",
                "clusterName", "C", "brokerId", "0");
        RemotingCommand resp = processor().answer(null, req);
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertTrue(resp.remark().contains("haServerAddr"), resp.remark());

        RemotingCommand unreg = processor().answer(null, request(RequestCode.UNREGISTER_BROKER, "brokerName", "b",
                "brokerAddr", "1.1.1.1:1", "clusterName", "C"));
        assertTrue(unreg.remark().contains("brokerId"), unreg.remark());
    }

    @Test
    void malformedBodyIsRefusedClearly() {
        RemotingCommand resp = processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", "{oops".getBytes(), false, 0));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertTrue(resp.remark().contains("RegisterBrokerBody"), resp.remark());
    }

    @Test
    void queryDataVersionReportsChangeAndRefreshes() {
        processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", body(3).encode(false), false, 0));
        RemotingCommand same = processor().answer(null, request(RequestCode.QUERY_DATA_VERSION, "brokerName", "broker-a",
                "brokerAddr", "10.0.0.1:10911", "clusterName", "C1", "brokerId", "0")
                .body(Json.toBytes(new DataVersion(3, 0, 42))));
        assertEquals("false", same.field("changed"));
        assertEquals(new DataVersion(3, 0, 42), Json.fromBytes(same.body(), DataVersion.class));
        RemotingCommand changed = processor().answer(null, request(RequestCode.QUERY_DATA_VERSION, "brokerName", "broker-a",
                "brokerAddr", "10.0.0.1:10911", "clusterName", "C1", "brokerId", "0")
                .body(Json.toBytes(new DataVersion(4, 0, 43))));
        assertEquals("true", changed.field("changed"));
    }

    @Test
    void heartbeatKeepsABrokerAliveAndUnregisterRemovesIt() {
        tables.defaultExpiryMillis(1_000);
        processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", body(1).encode(false), false, 0));
        now.addAndGet(900);
        RemotingCommand hb = processor().answer(null, request(RequestCode.BROKER_HEARTBEAT, "clusterName", "C1",
                "brokerAddr", "10.0.0.1:10911", "brokerName", "broker-a", "brokerId", "0"));
        assertEquals(ResponseCode.SUCCESS, hb.code());
        now.addAndGet(900);
        assertEquals(List.of(), registry.scanExpired());

        RemotingCommand un = processor().answer(null, request(RequestCode.UNREGISTER_BROKER, "brokerName", "broker-a",
                "brokerAddr", "10.0.0.1:10911", "clusterName", "C1", "brokerId", "0"));
        assertEquals(ResponseCode.SUCCESS, un.code());
        assertNull(routes.route("TopicA"));
    }

    /** A zlib stream of {@code writer}'s output, as a compressed REGISTER_BROKER body. */
    private static byte[] deflate(DataWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    private interface DataWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static void section(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    @Test
    void compressedBodyClaimingBillionsOfTopicsIsRefusedWithARemark() throws IOException {
        byte[] bomb = deflate(out -> {
            section(out, Json.toString(new DataVersion(1, 0, 1)));
            out.writeInt(Integer.MAX_VALUE);
        });
        RemotingCommand resp = processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", bomb, true, 0));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("malformed compressed register body: topic count 2147483647 is not within 0..1000000", resp.remark());
        assertNull(routes.route("TopicA"));
    }

    @Test
    void compressedBodyInflatingBeyond32MiBIsRefusedWithARemark() throws IOException {
        byte[] zeros = new byte[1 << 20];
        byte[] bomb = deflate(out -> {
            out.writeInt(40 << 20); // a 40 MiB "dataVersion" section of zeros
            for (int i = 0; i < 40; i++) {
                out.write(zeros);
            }
        });
        assertTrue(bomb.length < 200_000, "a small body: " + bomb.length);
        RemotingCommand resp = processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", bomb, true, 0));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("malformed compressed register body: dataVersion length 41943040", resp.remark());

        byte[] manyTopics = deflate(out -> {
            // sections within their own limit, 34 MiB in all: a 31 MiB data version (JSON padded with spaces),
            // no topics, and a 3 MiB filter server list
            byte[] version = Json.toBytes(new DataVersion(1, 0, 1));
            out.writeInt(version.length + (31 << 20));
            out.write(version);
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 31; i++) {
                out.write(spaces);
            }
            out.writeInt(0);
            out.writeInt(3 << 20);
            for (int i = 0; i < 3; i++) {
                out.write(spaces);
            }
        });
        resp = processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", manyTopics, true, 0));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("malformed compressed register body: it inflates to more than 33554432 bytes", resp.remark());
        assertNull(routes.route("TopicA"));
    }

    @Test
    void compressedSectionLongerThanTheStreamIsRefusedAsEndingEarly() throws IOException {
        byte[] shortBody = deflate(out -> {
            out.writeInt(30 << 20); // claims 30 MiB, delivers 3 bytes
            out.write(new byte[] {'{', '}', ' '});
        });
        RemotingCommand resp = processor().answer(null, register("broker-a", 0, "10.0.0.1:10911", shortBody, true, 0));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("malformed compressed register body: stream ends early", resp.remark());
    }

    @Test
    void registerOnAClosedConnectionIsRefusedAndRegistersNothing() {
        FakeChannel closed = new FakeChannel("10.0.0.1:5000");
        closed.close();
        RemotingCommand resp = processor().answer(closed, register("broker-a", 0, "10.0.0.1:10911", body(1).encode(false), false, 0));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("the connection closed before the registration was processed", resp.remark());
        assertNull(routes.route("TopicA"));
    }
}
