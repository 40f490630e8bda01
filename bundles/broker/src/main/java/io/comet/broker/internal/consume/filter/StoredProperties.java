package io.comet.broker.internal.consume.filter;

import io.comet.common.MessageCodec;
import io.comet.common.MessageSysFlag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the properties string of a stored record (layout in {@link MessageCodec}) without decoding the rest:
 * the SQL92 filter looks only at properties, so the body is skipped by its length field.
 */
public final class StoredProperties {
    private StoredProperties() {}

    /** The encoded properties of the record at {@code at}; throws {@link IllegalArgumentException} if malformed. */
    public static String read(ByteBuffer record, int at) {
        try {
            int sysFlag = record.getInt(at + MessageCodec.POS_SYS_FLAG);
            int bodyLenPos = at + MessageCodec.POS_BORN_HOST + MessageSysFlag.bornHostLength(sysFlag) + 8
                    + MessageSysFlag.storeHostLength(sysFlag) + 4 + 8;
            int bodyLen = record.getInt(bodyLenPos);
            int topicLenPos = bodyLenPos + 4 + bodyLen;
            int propsLenPos;
            if (record.getInt(at + MessageCodec.POS_MAGIC) == MessageCodec.MAGIC_V2) {
                propsLenPos = topicLenPos + 2 + record.getShort(topicLenPos);
            } else {
                propsLenPos = topicLenPos + 1 + record.get(topicLenPos);
            }
            int propsLen = record.getShort(propsLenPos);
            if (propsLen <= 0) {
                return "";
            }
            byte[] b = new byte[propsLen];
            record.get(propsLenPos + 2, b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("stored record at " + at + " is truncated or malformed", e);
        }
    }
}
