package io.comet.store.internal;

import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageSysFlag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What dispatch needs from one commit-log entry to build its consume-queue entry and index items; parsed from the
 * entry's bytes without checking the body CRC.
 *
 * @param tagsCode {@code String.hashCode()} of the TAGS property, 0 without tags
 * @param keys the KEYS property (space-separated), or null
 * @param uniqKey the UNIQ_KEY property, or null
 */
record DispatchRequest(String topic, int queueId, long physicalOffset, int size, long tagsCode, long storeTimestamp,
                       long queueOffset, String keys, String uniqKey, int sysFlag) {

    /** Parses the whole, checked entry of {@code size} bytes at {@code pos}. */
    static DispatchRequest parse(ByteBuffer buf, int pos, int size) {
        int magic = buf.getInt(pos + MessageCodec.POS_MAGIC);
        int sysFlag = buf.getInt(pos + MessageCodec.POS_SYS_FLAG);
        int queueId = buf.getInt(pos + MessageCodec.POS_QUEUE_ID);
        long queueOffset = buf.getLong(pos + MessageCodec.POS_QUEUE_OFFSET);
        long phys = buf.getLong(pos + MessageCodec.POS_PHYSICAL_OFFSET);
        int tsPos = pos + MessageCodec.storeTimestampPosition(sysFlag);
        long storeTs = buf.getLong(tsPos);
        int i = tsPos + 8 + MessageSysFlag.storeHostLength(sysFlag) + 12;
        int bodyLen = buf.getInt(i);
        i += 4 + bodyLen;
        int topicLen;
        if (magic == MessageCodec.MAGIC_V2) {
            topicLen = buf.getShort(i);
            i += 2;
        } else {
            topicLen = buf.get(i);
            i += 1;
        }
        String topic = utf8(buf, i, topicLen);
        i += topicLen;
        int propsLen = buf.getShort(i);
        String props = propsLen > 0 ? utf8(buf, i + 2, propsLen) : "";
        String tags = MessageProperties.get(props, MessageProperties.TAGS);
        return new DispatchRequest(topic, queueId, phys, size, tags == null || tags.isEmpty() ? 0 : tags.hashCode(),
                storeTs, queueOffset, MessageProperties.get(props, MessageProperties.KEYS),
                MessageProperties.get(props, MessageProperties.UNIQ_KEY), sysFlag);
    }

    private static String utf8(ByteBuffer buf, int at, int len) {
        byte[] b = new byte[len];
        buf.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Whether the message gets a consume-queue entry (not a prepared or rolled-back transaction). */
    boolean consumable() {
        return MessageSysFlag.isConsumable(sysFlag);
    }
}
