package io.comet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static final InetSocketAddress BORN = new InetSocketAddress("10.1.2.3", 50123);
    private static final InetSocketAddress STORE = new InetSocketAddress("127.0.0.1", 10911);

    private static MessageRecord record(String topic, byte[] body, String props, InetSocketAddress born, InetSocketAddress store) {
        return new MessageRecord(topic, 3, 7, body, props, 0, 1_700_000_000_123L, born, store, 2, 0);
    }

    @Test
    void fieldsSitAtTheFactSheetPositionsForIpv4Hosts() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String props = "TAGS\u0001tagA\u0002KEYS\u0001k1 k2\u0002";
        ByteBuffer b = MessageCodec.encode(record("TopicTest", body, props, BORN, STORE), 42, 1_000_000L, 1_700_000_000_999L);

        int expectedLen = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + 4 + 5 + 1 + 9 + 2 + props.length();
        assertEquals(expectedLen, b.limit());
        assertEquals(expectedLen, b.getInt(0));
        assertEquals(0xDAA320A7, b.getInt(4));
        CRC32 crc = new CRC32();
        crc.update(body);
        assertEquals((int) (crc.getValue() & 0x7FFFFFFF), b.getInt(8));
        assertEquals(3, b.getInt(12));
        assertEquals(7, b.getInt(16));
        assertEquals(42, b.getLong(20));
        assertEquals(1_000_000L, b.getLong(28));
        assertEquals(0, b.getInt(36));
        assertEquals(1_700_000_000_123L, b.getLong(40));
        assertEquals(10, b.get(48));
        assertEquals(3, b.get(51));
        assertEquals(50123, b.getInt(52));
        assertEquals(1_700_000_000_999L, b.getLong(56));
        assertEquals(127, b.get(64));
        assertEquals(10911, b.getInt(68));
        assertEquals(2, b.getInt(72));
        assertEquals(0, b.getLong(76));
        assertEquals(5, b.getInt(84));
        assertEquals('h', b.get(88));
        assertEquals(9, b.get(93));
        assertEquals("TopicTest", new String(b.array(), 94, 9, StandardCharsets.UTF_8));
        assertEquals(props.length(), b.getShort(103));
    }

    @Test
    void decodeReturnsWhatWasEncoded() {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        MessageRecord m = record("T", body, "UNIQ_KEY\u0001ABC\u0002", BORN, STORE);
        ByteBuffer b = MessageCodec.encode(m, 5, 4096, 99);
        StoredMessage s = MessageCodec.decode(b, true);
        assertEquals("T", s.topic());
        assertArrayEquals(body, s.body());
        assertEquals(5, s.queueOffset());
        assertEquals(4096, s.physicalOffset());
        assertEquals(99, s.storeTimestamp());
        assertEquals(BORN, s.bornHost());
        assertEquals(STORE, s.storeHost());
        assertEquals("ABC", s.property(MessageProperties.UNIQ_KEY));
        assertEquals(MessageIds.offsetId(STORE, 4096), s.offsetMsgId());
    }

    @Test
    void ipv6HostsSetTheirFlagsAndWidenTheFields() {
        InetSocketAddress born6 = new InetSocketAddress("::1", 1234);
        InetSocketAddress store6 = new InetSocketAddress("fe80::1", 10911);
        ByteBuffer b = MessageCodec.encode(record("T", new byte[] {1}, "", born6, store6), 0, 0, 77);
        int sysFlag = b.getInt(36);
        assertEquals(MessageSysFlag.BORN_HOST_V6 | MessageSysFlag.STORE_HOST_V6, sysFlag);
        assertEquals(77, b.getLong(MessageCodec.storeTimestampPosition(sysFlag)));
        assertEquals(48 + 20, MessageCodec.storeTimestampPosition(sysFlag));
        StoredMessage s = MessageCodec.decode(b, true);
        assertEquals(born6, s.bornHost());
        assertEquals(store6, s.storeHost());
        assertEquals(b.limit(), MessageCodec.entryLength(sysFlag, 1, 1, 0));
    }

    @Test
    void topicsLongerThan127BytesUseMagicV2() {
        String topic = "t".repeat(200);
        ByteBuffer b = MessageCodec.encode(record(topic, new byte[] {1}, "", BORN, STORE), 0, 0, 0);
        assertEquals(MessageCodec.MAGIC_V2, b.getInt(4));
        assertEquals(topic, MessageCodec.decode(b, true).topic());
    }

    @Test
    void checkFindsDamageTruncationAndFiller() {
        ByteBuffer b = MessageCodec.encode(record("T", "payload".getBytes(StandardCharsets.UTF_8), "", BORN, STORE), 0, 128, 0);
        int len = b.limit();
        assertEquals(len, MessageCodec.check(b, 0, len, 128, true));
        assertEquals(MessageCodec.CHECK_CORRUPT, MessageCodec.check(b, 0, len, 64, true), "wrong physical offset");
        assertEquals(MessageCodec.CHECK_INCOMPLETE, MessageCodec.check(b, 0, len - 1, 128, true));
        b.put(90, (byte) (b.get(90) ^ 0x55));
        assertEquals(MessageCodec.CHECK_CORRUPT, MessageCodec.check(b, 0, len, 128, true), "body CRC must catch a flipped byte");
        assertEquals(len, MessageCodec.check(b, 0, len, 128, false), "without CRC check the framing is still valid");
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.decode(b, true));

        ByteBuffer blank = ByteBuffer.allocate(16);
        MessageCodec.encodeBlank(blank, 0, 16);
        assertEquals(0xCBD43194, blank.getInt(4));
        assertEquals(MessageCodec.CHECK_BLANK, MessageCodec.check(blank, 0, 16, 0, true));
        assertEquals(MessageCodec.CHECK_CORRUPT, MessageCodec.check(ByteBuffer.allocate(200), 0, 200, 0, true), "zeros are no entry");
    }

    @Test
    void tooLongPropertiesAreRefusedByName() {
        String props = "K\u0001" + "v".repeat(40_000) + "\u0002";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageCodec.prepare(record("T", new byte[0], props, BORN, STORE)));
        assertEquals(true, e.getMessage().contains("properties"));
    }

    @Test
    void propertiesRoundTripAndLookup() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("TAGS", "a");
        m.put("KEYS", "k1 k2");
        m.put("UNIQ_KEY", "X");
        String enc = MessageProperties.encode(m);
        assertEquals("TAGS\u0001a\u0002KEYS\u0001k1 k2\u0002UNIQ_KEY\u0001X\u0002", enc);
        assertEquals(m, MessageProperties.decode(enc));
        assertEquals("k1 k2", MessageProperties.get(enc, "KEYS"));
        assertEquals(null, MessageProperties.get(enc, "KEY"));
        assertEquals("X", MessageProperties.get("UNIQ_KEY\u0001X", "UNIQ_KEY"), "last separator may be missing");
        assertThrows(IllegalArgumentException.class, () -> MessageProperties.encode(Map.of("a\u0001", "b")));
    }

    @Test
    void offsetIdsAreHostPortAndOffsetInHex() {
        assertEquals("7F00000100002A9F0000000000001234", MessageIds.offsetId(STORE, 0x1234));
        MessageIds.OffsetId d = MessageIds.decode("7F00000100002A9F0000000000001234");
        assertEquals(STORE, d.storeHost());
        assertEquals(0x1234, d.physicalOffset());
        String v6 = MessageIds.offsetId(new InetSocketAddress("::1", 10911), 7);
        assertEquals(56, v6.length());
        assertEquals(7, MessageIds.decode(v6).physicalOffset());
        assertThrows(IllegalArgumentException.class, () -> MessageIds.decode("XYZ"));
        assertThrows(IllegalArgumentException.class, () -> MessageIds.decode("ZZ00000100002A9F0000000000001234"));
    }
}
