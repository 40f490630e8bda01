package io.comet.common;

import java.net.InetSocketAddress;

/**
 * A message decoded from its stored form (a commit-log entry, see {@link MessageCodec}): every field of the
 * record, including those the store assigned.
 */
public record StoredMessage(int totalSize, int magic, int bodyCrc, int queueId, int flag, long queueOffset,
                            long physicalOffset, int sysFlag, long bornTimestamp, InetSocketAddress bornHost,
                            long storeTimestamp, InetSocketAddress storeHost, int reconsumeTimes,
                            long preparedTransactionOffset, byte[] body, String topic, String properties) {

    /** Property value, or {@code null}. */
    public String property(String name) {
        return MessageProperties.get(properties, name);
    }

    /** The offset message id: store host and physical offset, as hex (see {@link MessageIds}). */
    public String offsetMsgId() {
        return MessageIds.offsetId(storeHost, physicalOffset);
    }

    /** The message as a producer would send it again (store-assigned fields dropped). */
    public MessageRecord toRecord() {
        return new MessageRecord(topic, queueId, flag, body, properties, sysFlag, bornTimestamp, bornHost, storeHost,
                reconsumeTimes, preparedTransactionOffset);
    }
}
