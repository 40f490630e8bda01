package io.comet.broker.internal.send;

import io.comet.common.MessageRecord;
import java.net.InetSocketAddress;

/**
 * A message on its way to the store, while the send path decides where it goes (retry, dead-letter, delay,
 * half-message rewriting). Mutable, confined to one request; {@link #toRecord} makes the immutable record without
 * copying the body.
 */
final class MessageDraft {
    String topic;
    int queueId;
    String properties;
    int sysFlag;
    final int flag;
    final byte[] body;
    final long bornTimestamp;
    final InetSocketAddress bornHost;
    final int reconsumeTimes;
    long preparedTransactionOffset;

    MessageDraft(String topic, int queueId, String properties, int sysFlag, int flag, byte[] body,
                 long bornTimestamp, InetSocketAddress bornHost, int reconsumeTimes) {
        this.topic = topic;
        this.queueId = queueId;
        this.properties = properties;
        this.sysFlag = sysFlag;
        this.flag = flag;
        this.body = body;
        this.bornTimestamp = bornTimestamp;
        this.bornHost = bornHost;
        this.reconsumeTimes = reconsumeTimes;
    }

    MessageRecord toRecord(InetSocketAddress storeHost) {
        return new MessageRecord(topic, queueId, flag, body, properties, sysFlag, bornTimestamp, bornHost, storeHost,
                reconsumeTimes, preparedTransactionOffset);
    }
}
