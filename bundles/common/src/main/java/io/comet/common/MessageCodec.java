package io.comet.common;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * RocketMQ's stored-message layout: one commit-log entry per message, big-endian, fields one after another.
 *
 * <pre>
 *  offset  size     field
 *   0      4        TOTALSIZE       whole entry, this field included
 *   4      4        MAGICCODE       V1 0xDAA320A7 (topic length 1 byte), V2 0xDAA320AB (topic length 2 bytes;
 *                                   used when the topic is longer than 127 bytes)
 *   8      4        BODYCRC         CRC32 of the body, masked with 0x7FFFFFFF
 *  12      4        QUEUEID
 *  16      4        FLAG            user flag
 *  20      8        QUEUEOFFSET     index in the consume queue (0 for prepared/rolled-back transactions)
 *  28      8        PHYSICALOFFSET  commit-log offset of this entry
 *  36      4        SYSFLAG         see {@link MessageSysFlag}
 *  40      8        BORNTIMESTAMP
 *  48      8 | 20   BORNHOST        IPv4 4 + port 4, or IPv6 16 + port 4 (SYSFLAG bit 4)
 *  ..      8        STORETIMESTAMP  (byte 56 with an IPv4 born host)
 *  ..      8 | 20   STOREHOST       as BORNHOST (SYSFLAG bit 5)
 *  ..      4        RECONSUMETIMES
 *  ..      8        PREPARED TRANSACTION OFFSET
 *  ..      4 + n    BODY length, BODY
 *  ..      1|2 + n  TOPIC length, TOPIC (UTF-8)
 *  ..      2 + n    PROPERTIES length, PROPERTIES (UTF-8, see {@link MessageProperties})
 * </pre>
 *
 * An end-of-file filler is 8 bytes: TOTALSIZE = bytes left in the file, MAGICCODE = {@link #BLANK_MAGIC}.
 *
 * <p>The append path prepares a message outside any lock ({@link #prepare}: topic/properties bytes, body CRC,
 * length) and then writes it in place with absolute puts ({@link #encode(ByteBuffer, int, Prepared, long, long,
 * long)}), so the body is copied exactly once, into the destination buffer.
 */
public final class MessageCodec {
    public static final int MAGIC_V1 = 0xDAA320A7;
    public static final int MAGIC_V2 = 0xDAA320AB;
    public static final int BLANK_MAGIC = 0xCBD43194;
    /** Length of the end-of-file filler marker. */
    public static final int BLANK_LENGTH = 8;

    public static final int POS_TOTAL_SIZE = 0;
    public static final int POS_MAGIC = 4;
    public static final int POS_BODY_CRC = 8;
    public static final int POS_QUEUE_ID = 12;
    public static final int POS_FLAG = 16;
    public static final int POS_QUEUE_OFFSET = 20;
    public static final int POS_PHYSICAL_OFFSET = 28;
    public static final int POS_SYS_FLAG = 36;
    public static final int POS_BORN_TIMESTAMP = 40;
    public static final int POS_BORN_HOST = 48;

    /** {@link #check} results besides a positive entry length. */
    public static final int CHECK_BLANK = 0;
    public static final int CHECK_CORRUPT = -1;
    public static final int CHECK_INCOMPLETE = -2;

    private static final int V1_TOPIC_MAX = 127;
    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);

    private MessageCodec() {}

    /** A message ready to be written: everything computed that does not depend on where it lands. */
    public static final class Prepared {
        final MessageRecord msg;
        final byte[] topic;
        final byte[] properties;
        final byte[] bornIp;
        final byte[] storeIp;
        final int bodyCrc;
        final int length;

        private Prepared(MessageRecord msg, byte[] topic, byte[] properties, int bodyCrc, int length) {
            this.msg = msg;
            this.topic = topic;
            this.properties = properties;
            this.bornIp = msg.bornHost().getAddress().getAddress();
            this.storeIp = msg.storeHost().getAddress().getAddress();
            this.bodyCrc = bodyCrc;
            this.length = length;
        }

        /** Encoded length of the entry in bytes. */
        public int length() { return length; }

        public MessageRecord message() { return msg; }

        public int bodyCrc() { return bodyCrc; }
    }

    /**
     * Computes the parts of the entry. Throws {@link IllegalArgumentException} when the topic (over 32767 bytes) or
     * the properties (over {@link MessageProperties#MAX_LENGTH} bytes) cannot be encoded.
     */
    public static Prepared prepare(MessageRecord m) {
        byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic is " + topic.length + " bytes long, more than " + Short.MAX_VALUE);
        }
        byte[] props = m.properties().getBytes(StandardCharsets.UTF_8);
        if (props.length > MessageProperties.MAX_LENGTH) {
            throw new IllegalArgumentException("properties are " + props.length + " bytes long, more than "
                    + MessageProperties.MAX_LENGTH);
        }
        int length = entryLength(m.sysFlag(), m.body().length, topic.length, props.length);
        return new Prepared(m, topic, props, crc32(m.body(), 0, m.body().length), length);
    }

    /** Entry length for the given field sizes. */
    public static int entryLength(int sysFlag, int bodyLength, int topicLength, int propertiesLength) {
        return 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8
                + MessageSysFlag.bornHostLength(sysFlag) + 8 + MessageSysFlag.storeHostLength(sysFlag)
                + 4 + 8 + 4 + bodyLength + (topicLength > V1_TOPIC_MAX ? 2 : 1) + topicLength + 2 + propertiesLength;
    }

    /** Position of STORETIMESTAMP inside an entry with this sysFlag. */
    public static int storeTimestampPosition(int sysFlag) {
        return POS_BORN_HOST + MessageSysFlag.bornHostLength(sysFlag);
    }

    /** RocketMQ's body CRC: CRC32 masked to a non-negative int. */
    public static int crc32(byte[] data, int off, int len) {
        CRC32 c = CRC.get();
        c.reset();
        c.update(data, off, len);
        return (int) (c.getValue() & 0x7FFFFFFF);
    }

    /** RocketMQ's body CRC over {@code len} bytes of {@code buf} at {@code at} (buffer position unchanged). */
    public static int crc32(ByteBuffer buf, int at, int len) {
        CRC32 c = CRC.get();
        c.reset();
        c.update(buf.duplicate().limit(at + len).position(at));
        return (int) (c.getValue() & 0x7FFFFFFF);
    }

    /**
     * Writes the entry at absolute index {@code at} of {@code dst} (its position and limit are untouched). The
     * caller guarantees {@code p.length()} bytes of room.
     */
    public static void encode(ByteBuffer dst, int at, Prepared p, long queueOffset, long physicalOffset, long storeTimestamp) {
        MessageRecord m = p.msg;
        int i = at;
        dst.putInt(i, p.length);
        dst.putInt(i + 4, p.topic.length > V1_TOPIC_MAX ? MAGIC_V2 : MAGIC_V1);
        dst.putInt(i + 8, p.bodyCrc);
        dst.putInt(i + 12, m.queueId());
        dst.putInt(i + 16, m.flag());
        dst.putLong(i + 20, queueOffset);
        dst.putLong(i + 28, physicalOffset);
        dst.putInt(i + 36, m.sysFlag());
        dst.putLong(i + 40, m.bornTimestamp());
        i += 48;
        dst.put(i, p.bornIp);
        i += p.bornIp.length;
        dst.putInt(i, m.bornHost().getPort());
        i += 4;
        dst.putLong(i, storeTimestamp);
        i += 8;
        dst.put(i, p.storeIp);
        i += p.storeIp.length;
        dst.putInt(i, m.storeHost().getPort());
        i += 4;
        dst.putInt(i, m.reconsumeTimes());
        dst.putLong(i + 4, m.preparedTransactionOffset());
        i += 12;
        byte[] body = m.body();
        dst.putInt(i, body.length);
        dst.put(i + 4, body);
        i += 4 + body.length;
        if (p.topic.length > V1_TOPIC_MAX) {
            dst.putShort(i, (short) p.topic.length);
            i += 2;
        } else {
            dst.put(i, (byte) p.topic.length);
            i += 1;
        }
        dst.put(i, p.topic);
        i += p.topic.length;
        dst.putShort(i, (short) p.properties.length);
        dst.put(i + 2, p.properties);
    }

    /** Encodes one message into a new heap buffer (tests, tools); position 0, limit = entry length. */
    public static ByteBuffer encode(MessageRecord m, long queueOffset, long physicalOffset, long storeTimestamp) {
        Prepared p = prepare(m);
        ByteBuffer b = ByteBuffer.allocate(p.length);
        encode(b, 0, p, queueOffset, physicalOffset, storeTimestamp);
        return b;
    }

    /** Writes the end-of-file filler at {@code at}: TOTALSIZE = {@code remaining}, MAGICCODE = blank. */
    public static void encodeBlank(ByteBuffer dst, int at, int remaining) {
        dst.putInt(at, remaining);
        dst.putInt(at + 4, BLANK_MAGIC);
    }

    /**
     * Checks the entry at {@code at} using bytes before {@code limit} only. Returns its length when it is whole and
     * consistent (magic, field lengths adding up to TOTALSIZE, PHYSICALOFFSET equal to {@code expectedPhysical}
     * unless that is negative, body CRC when {@code checkCrc}); {@link #CHECK_BLANK} for an end-of-file filler;
     * {@link #CHECK_INCOMPLETE} when the entry runs past {@code limit}; {@link #CHECK_CORRUPT} otherwise.
     */
    public static int check(ByteBuffer buf, int at, int limit, long expectedPhysical, boolean checkCrc) {
        if (limit - at < 8) {
            return limit - at >= 4 && buf.getInt(at) == 0 ? CHECK_CORRUPT : CHECK_INCOMPLETE;
        }
        int total = buf.getInt(at);
        int magic = buf.getInt(at + 4);
        if (magic == BLANK_MAGIC) {
            return CHECK_BLANK;
        }
        if ((magic != MAGIC_V1 && magic != MAGIC_V2) || total < 64) {
            return CHECK_CORRUPT;
        }
        if (total > limit - at) {
            return CHECK_INCOMPLETE;
        }
        if (expectedPhysical >= 0 && buf.getLong(at + POS_PHYSICAL_OFFSET) != expectedPhysical) {
            return CHECK_CORRUPT;
        }
        int sysFlag = buf.getInt(at + POS_SYS_FLAG);
        int bodyLenPos = at + POS_BORN_HOST + MessageSysFlag.bornHostLength(sysFlag) + 8
                + MessageSysFlag.storeHostLength(sysFlag) + 12;
        if (bodyLenPos + 4 > at + total) {
            return CHECK_CORRUPT;
        }
        int bodyLen = buf.getInt(bodyLenPos);
        int topicLenPos = bodyLenPos + 4 + bodyLen;
        if (bodyLen < 0 || topicLenPos + 2 > at + total) {
            return CHECK_CORRUPT;
        }
        int topicLen;
        int propsLenPos;
        if (magic == MAGIC_V2) {
            topicLen = buf.getShort(topicLenPos);
            propsLenPos = topicLenPos + 2 + topicLen;
        } else {
            topicLen = buf.get(topicLenPos);
            propsLenPos = topicLenPos + 1 + topicLen;
        }
        if (topicLen <= 0 || propsLenPos + 2 > at + total) {
            return CHECK_CORRUPT;
        }
        int propsLen = buf.getShort(propsLenPos);
        if (propsLen < 0 || propsLenPos + 2 + propsLen != at + total) {
            return CHECK_CORRUPT;
        }
        if (checkCrc && bodyLen > 0 && crc32(buf, bodyLenPos + 4, bodyLen) != buf.getInt(at + POS_BODY_CRC)) {
            return CHECK_CORRUPT;
        }
        return total;
    }

    /**
     * Decodes the entry at {@code at}. Throws {@link IllegalArgumentException} naming the defect when the bytes are
     * not a whole, consistent entry (or its body CRC does not match, when {@code checkCrc}).
     */
    public static StoredMessage decode(ByteBuffer buf, int at, boolean checkCrc) {
        int r = check(buf, at, buf.limit(), -1, checkCrc);
        if (r <= 0) {
            throw new IllegalArgumentException("no valid stored message at " + at + ": "
                    + (r == CHECK_BLANK ? "end-of-file filler" : r == CHECK_INCOMPLETE ? "truncated entry"
                    : "corrupt entry (magic, lengths or body CRC)"));
        }
        int magic = buf.getInt(at + 4);
        int sysFlag = buf.getInt(at + POS_SYS_FLAG);
        int i = at + POS_BORN_HOST;
        InetSocketAddress born = host(buf, i, MessageSysFlag.bornHostLength(sysFlag));
        i += MessageSysFlag.bornHostLength(sysFlag);
        long storeTs = buf.getLong(i);
        i += 8;
        InetSocketAddress store = host(buf, i, MessageSysFlag.storeHostLength(sysFlag));
        i += MessageSysFlag.storeHostLength(sysFlag);
        int reconsume = buf.getInt(i);
        long prepared = buf.getLong(i + 4);
        i += 12;
        int bodyLen = buf.getInt(i);
        byte[] body = new byte[bodyLen];
        buf.get(i + 4, body);
        i += 4 + bodyLen;
        int topicLen;
        if (magic == MAGIC_V2) {
            topicLen = buf.getShort(i);
            i += 2;
        } else {
            topicLen = buf.get(i);
            i += 1;
        }
        String topic = string(buf, i, topicLen);
        i += topicLen;
        int propsLen = buf.getShort(i);
        String props = string(buf, i + 2, propsLen);
        return new StoredMessage(r, magic, buf.getInt(at + POS_BODY_CRC), buf.getInt(at + POS_QUEUE_ID),
                buf.getInt(at + POS_FLAG), buf.getLong(at + POS_QUEUE_OFFSET), buf.getLong(at + POS_PHYSICAL_OFFSET),
                sysFlag, buf.getLong(at + POS_BORN_TIMESTAMP), born, storeTs, store, reconsume, prepared, body, topic,
                props);
    }

    /** Decodes the entry at the buffer's position. */
    public static StoredMessage decode(ByteBuffer buf, boolean checkCrc) {
        return decode(buf, buf.position(), checkCrc);
    }

    private static String string(ByteBuffer buf, int at, int len) {
        byte[] b = new byte[len];
        buf.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static InetSocketAddress host(ByteBuffer buf, int at, int len) {
        byte[] ip = new byte[len - 4];
        buf.get(at, ip);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), buf.getInt(at + len - 4));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad host bytes in stored message", e);
        }
    }
}
