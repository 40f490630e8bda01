package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frame and header codecs against the protocol sheet's vectors, round trips, and malformed input. */
class FramesTest {

    // Sheet 1.4: request code 105, opaque 7, version 475, one ext field topic=T, no body.
    private static final byte[] SHEET_BINARY_VECTOR = bytes(
            0x00, 0x00, 0x00, 0x25, 0x01, 0x00, 0x00, 0x21, 0x00, 0x69, 0x00, 0x01, 0xDB,
            0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C,
            0x00, 0x05, 't', 'o', 'p', 'i', 'c', 0x00, 0x00, 0x00, 0x01, 'T');

    private static final String SHEET_JSON_REQUEST = "{\"code\":310,\"extFields\":{\"a\":\"pg\",\"b\":\"TopicTest\",\"c\":\"TBW102\","
            + "\"d\":\"4\",\"e\":\"1\",\"f\":\"0\",\"g\":\"1700000000000\",\"h\":\"0\","
            + "\"i\":\"UNIQ_KEY\\u0001AC11\\u0002WAIT\\u0001true\\u0002TAGS\\u0001TagA\\u0002\",\"j\":\"0\",\"k\":\"false\","
            + "\"m\":\"false\",\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":0,"
            + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";

    @Test
    void binaryHeaderMatchesTheSheetsWorkedExampleByteForByte() {
        RemotingCommand cmd = RemotingCommand.request(105).opaque(7).version(475).put("topic", "T")
                .serializeType(SerializeType.ROCKETMQ);
        assertArrayEquals(SHEET_BINARY_VECTOR, RawConnection.encode(cmd));
    }

    @Test
    void sheetsBinaryExampleDecodes() {
        RemotingCommand cmd = decodeFrame(SHEET_BINARY_VECTOR);
        assertEquals(105, cmd.code());
        assertEquals(7, cmd.opaque());
        assertEquals(475, cmd.version());
        assertEquals(LanguageCode.JAVA, cmd.language());
        assertEquals(0, cmd.flag());
        assertNull(cmd.remark());
        assertEquals(Map.of("topic", "T"), cmd.extFields());
        assertEquals(SerializeType.ROCKETMQ, cmd.serializeType());
        assertNull(cmd.body());
    }

    @Test
    void sheetsJsonRequestDecodesAndReEncodesToTheSameText() {
        RemotingCommand cmd = decodeFrame(jsonFrame(SHEET_JSON_REQUEST, null));
        assertEquals(310, cmd.code());
        assertEquals(409, cmd.version());
        assertEquals(SerializeType.JSON, cmd.serializeType());
        assertEquals("UNIQ_KEY\u0001AC11\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002", cmd.field("i"));
        assertEquals("1700000000000", cmd.field("g"));
        assertEquals(13, cmd.extFields().size());

        // Same field order as the sample (the wire order of extFields is arbitrary; fix it to compare text)
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String k : new String[] {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m", "n"}) {
            ordered.put(k, cmd.field(k));
        }
        cmd.extFields(ordered);
        byte[] frame = RawConnection.encode(cmd);
        String header = new String(frame, 8, frame.length - 8, StandardCharsets.UTF_8);
        assertEquals(SHEET_JSON_REQUEST, header);
        assertEquals(frame.length - 8, ByteBuffer.wrap(frame).getInt(4), "header word = type 0 | header length");
    }

    @Test
    void sheetsJsonResponseDecodes() {
        String json = "{\"code\":0,\"extFields\":{\"queueId\":\"1\",\"msgId\":\"7F00000100002A9F0000000000000000\","
                + "\"TRACE_ON\":\"true\",\"MSG_REGION\":\"DefaultRegion\",\"queueOffset\":\"0\"},\"flag\":1,"
                + "\"language\":\"JAVA\",\"opaque\":0,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}";
        RemotingCommand cmd = decodeFrame(jsonFrame(json, null));
        assertTrue(cmd.isResponse());
        assertEquals("7F00000100002A9F0000000000000000", cmd.field("msgId"));
        assertEquals("0", cmd.field("queueOffset"));
    }

    @Test
    void minimalJsonHeaderGetsTheClientsDefaults() {
        RemotingCommand cmd = decodeFrame(jsonFrame("{\"code\":0,\"flag\":1,\"opaque\":5}", null));
        assertEquals(LanguageCode.JAVA, cmd.language());
        assertEquals(0, cmd.version());
        assertEquals(5, cmd.opaque());
        assertTrue(cmd.isResponse());
        assertNull(cmd.extFields());
        assertNull(cmd.remark());
    }

    @Test
    void jsonExtValuesAreCoercedToStringsAndUnknownKeysIgnored() {
        String json = "{\"code\":34,\"unknown\":{\"x\":[1,2,{\"y\":null}]},\"extFields\":{\"n\":12,\"big\":1700000000000,"
                + "\"b\":true,\"f\":false,\"d\":1.5,\"s\":\"x\",\"gone\":null},\"language\":\"GO\",\"more\":[true],"
                + "\"opaque\":\"9\",\"remark\":\"hello\"}";
        RemotingCommand cmd = decodeFrame(jsonFrame(json, new byte[] {1, 2, 3}));
        assertEquals(34, cmd.code());
        assertEquals(9, cmd.opaque());
        assertEquals(LanguageCode.GO, cmd.language());
        assertEquals("hello", cmd.remark());
        assertEquals(Map.of("n", "12", "big", "1700000000000", "b", "true", "f", "false", "d", "1.5", "s", "x"),
                cmd.extFields());
        assertArrayEquals(new byte[] {1, 2, 3}, cmd.body());
    }

    @Test
    void emptyExtFieldsObjectStaysAnEmptyMap() {
        RemotingCommand cmd = decodeFrame(jsonFrame("{\"code\":34,\"extFields\":{},\"opaque\":1}", null));
        assertEquals(Map.of(), cmd.extFields());
        RemotingCommand again = decodeFrame(RawConnection.encode(cmd));
        assertEquals(Map.of(), again.extFields());
    }

    @Test
    void controlCharactersQuotesAndUnicodeRoundTripInBothHeaderTypes() {
        String tricky = "UNIQ_KEY\u0001AC11\u0002WAIT\u0001true\u0002 \"quoted\" back\\slash\nnew\ttab \u00e9\u4e2d\ud83d\ude00 \u001f";
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand cmd = RemotingCommand.request(310).opaque(42).put("i", tricky).put(tricky, "key")
                    .remark(tricky).serializeType(type);
            byte[] frame = RawConnection.encode(cmd);
            if (type == SerializeType.JSON) {
                String header = new String(frame, 8, frame.length - 8, StandardCharsets.UTF_8);
                assertTrue(header.contains("UNIQ_KEY\\u0001AC11\\u0002WAIT"), header);
                assertTrue(header.contains("\\\"quoted\\\" back\\\\slash\\nnew\\ttab"), header);
                for (char c : header.toCharArray()) {
                    assertTrue(c >= 0x20, "raw control character in JSON header: " + (int) c);
                }
            }
            RemotingCommand back = decodeFrame(frame);
            assertEquals(tricky, back.field("i"), type.name());
            assertEquals("key", back.field(tricky), type.name());
            assertEquals(tricky, back.remark(), type.name());
        }
    }

    @Test
    void randomCommandsRoundTripInBothHeaderTypes() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            SerializeType type = random.nextBoolean() ? SerializeType.JSON : SerializeType.ROCKETMQ;
            RemotingCommand cmd = RemotingCommand.request(type == SerializeType.ROCKETMQ
                            ? (short) random.nextInt() : random.nextInt())
                    .opaque(random.nextInt())
                    .flag(random.nextInt(4))
                    .version(type == SerializeType.ROCKETMQ ? (short) random.nextInt() : random.nextInt())
                    .language(LanguageCode.values()[random.nextInt(LanguageCode.values().length)])
                    .remark(random.nextInt(3) == 0 ? null : randomString(random, 1 + random.nextInt(40)))
                    .serializeType(type);
            int fields = random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                cmd.put(randomString(random, 1 + random.nextInt(8)), randomString(random, 1 + random.nextInt(30)));
            }
            byte[] body = random.nextInt(3) == 0 ? null : new byte[1 + random.nextInt(100)];
            if (body != null) {
                random.nextBytes(body);
                cmd.body(body);
            }
            RemotingCommand back = decodeFrame(RawConnection.encode(cmd));
            String ctx = "seed " + seed + " case " + i + " " + cmd;
            assertEquals(cmd.code(), back.code(), ctx);
            assertEquals(cmd.opaque(), back.opaque(), ctx);
            assertEquals(cmd.flag(), back.flag(), ctx);
            assertEquals(cmd.version(), back.version(), ctx);
            assertEquals(cmd.language(), back.language(), ctx);
            assertEquals(cmd.remark() == null || cmd.remark().isEmpty() ? null : cmd.remark(), back.remark(), ctx);
            assertEquals(cmd.extFields(), back.extFields(), ctx);
            assertArrayEquals(cmd.body(), back.body(), ctx);
            assertEquals(type, back.serializeType(), ctx);
        }
    }

    @Test
    void bufferBodyIsCountedInTheLengthButNotCopiedIntoTheHeaderBuffer() {
        ByteBuffer part1 = ByteBuffer.wrap("hello ".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer part2 = ByteBuffer.allocateDirect(5).put("world".getBytes(StandardCharsets.US_ASCII)).flip();
        RemotingCommand cmd = RemotingCommand.response(0, null).bodyBuffers(new ByteBuffer[] {part1, part2}, () -> {});
        ByteBuf head = Frames.encode(cmd, ByteBufAllocator.DEFAULT);
        try {
            int headerLength = head.getInt(4) & 0xFFFFFF;
            assertEquals(8 + headerLength, head.readableBytes(), "only prefix and header in the head buffer");
            assertEquals(4 + headerLength + 11, head.getInt(0), "length prefix counts the 11 body bytes");
            ByteBuf whole = Unpooled.wrappedBuffer(head.retainedDuplicate(), Unpooled.wrappedBuffer(part1, part2));
            whole.skipBytes(4);
            assertEquals("hello world", new String(Frames.decode(whole).body(), StandardCharsets.US_ASCII));
            whole.release();
        } finally {
            head.release();
        }
        assertEquals(0, part1.position(), "encoding leaves the caller's buffers untouched");
    }

    @Test
    void binaryNullAndEmptyValuesDecodeAsAbsent() {
        Map<String, String> fields = new HashMap<>();
        fields.put("kept", "v");
        fields.put("empty", "");
        RemotingCommand cmd = RemotingCommand.request(1).extFields(fields).remark("").serializeType(SerializeType.ROCKETMQ);
        RemotingCommand back = decodeFrame(RawConnection.encode(cmd));
        assertEquals("v", back.field("kept"));
        assertNull(back.field("empty"));
        assertNull(back.remark());
    }

    // ------------------------------------------------------------------ malformed input

    @Test
    void headerLongerThanTheFrameIsRejected() {
        ByteBuf frame = Unpooled.buffer().writeInt(100).writeBytes("{}".getBytes(StandardCharsets.US_ASCII));
        assertMessage("header length 100 exceeds", () -> Frames.decode(frame));
    }

    @Test
    void unknownSerializeTypeIsRejected() {
        ByteBuf frame = Unpooled.buffer().writeInt(7 << 24 | 2).writeBytes("{}".getBytes(StandardCharsets.US_ASCII));
        assertMessage("unknown serialize type 7", () -> Frames.decode(frame));
    }

    @Test
    void badJsonIsRejectedWithTheParsersReason() {
        for (String bad : new String[] {"{\"code\":", "[1,2]", "{\"code\":\"abc\"}", "{\"code\":1}{",
                "{\"extFields\":{\"a\":{\"nested\":1}}}", "{\"extFields\":[1]}", "", "{\"code\":99999999999}", "nul"}) {
            ByteBuf frame = jsonHeaderOnly(bad);
            FrameFormatException e = assertThrows(FrameFormatException.class, () -> Frames.decode(frame), bad);
            assertTrue(e.getMessage().startsWith("bad JSON header"), e.getMessage());
        }
    }

    @Test
    void binaryHeaderLengthsThatOverrunAreRejected() {
        // remark length larger than the header
        ByteBuf remark = binaryHeader(h -> h.writeInt(1000).writeInt(0));
        assertMessage("remark length 1000 overruns", () -> Frames.decode(remark));
        // negative remark length
        ByteBuf negative = binaryHeader(h -> h.writeInt(-1).writeInt(0));
        assertMessage("remark length -1 overruns", () -> Frames.decode(negative));
        // ext block length does not match what is left
        ByteBuf ext = binaryHeader(h -> h.writeInt(0).writeInt(50).writeShort(1).writeByte('k').writeInt(0));
        assertMessage("ext-field block length 50 does not match", () -> Frames.decode(ext));
        // value length running past the block
        ByteBuf value = binaryHeader(h -> h.writeInt(0).writeInt(2 + 1 + 4 + 1).writeShort(1).writeByte('k').writeInt(9).writeByte('v'));
        assertMessage("value length 9 overruns", () -> Frames.decode(value));
        // too short for the fixed part
        ByteBuf shortHeader = Unpooled.buffer().writeInt(1 << 24 | 3).writeBytes(new byte[3]);
        assertMessage("shorter than the 21-byte minimum", () -> Frames.decode(shortHeader));
    }

    // ------------------------------------------------------------------ helpers

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        FrameFormatException e = assertThrows(FrameFormatException.class, call);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    private static ByteBuf binaryHeader(java.util.function.Consumer<ByteBuf> tail) {
        ByteBuf header = Unpooled.buffer().writeShort(10).writeByte(0).writeShort(475).writeInt(1).writeInt(0);
        tail.accept(header);
        return Unpooled.buffer().writeInt(1 << 24 | header.readableBytes()).writeBytes(header);
    }

    private static ByteBuf jsonHeaderOnly(String json) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeInt(h.length).writeBytes(h);
    }

    static byte[] jsonFrame(String json, byte[] body) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int b = body == null ? 0 : body.length;
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + b).putInt(4 + h.length + b).putInt(h.length).put(h);
        if (body != null) {
            out.put(body);
        }
        return out.array();
    }

    private static RemotingCommand decodeFrame(byte[] frame) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        assertEquals(frame.length - 4, buf.readInt(), "length prefix");
        return Frames.decode(buf);
    }

    private static String randomString(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            b.append(kind < 6 ? (char) ('a' + r.nextInt(26)) : kind < 8 ? (char) r.nextInt(0x20) + "" : kind < 9
                    ? (char) (0x80 + r.nextInt(0x700)) + "" : "\ud83d\ude00");
        }
        return b.toString();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
