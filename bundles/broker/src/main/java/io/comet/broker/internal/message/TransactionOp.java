package io.comet.broker.internal.message;

import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The record that closes a half message: written to {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} by END_TRANSACTION
 * (commit or rollback) and read by the transaction check-back service, which checks back only half messages that
 * no op covers. Format, as RocketMQ's: queue id = the half message's queue id (0); property {@code TAGS=d}
 * ("delete"); body = the half message's queue offset in {@code RMQ_SYS_TRANS_HALF_TOPIC} as decimal ASCII. A body
 * may also hold several offsets separated by commas (RocketMQ 5.x batches them); {@link #offsets} reads both.
 */
public final class TransactionOp {
    /** The tag of op records. */
    public static final String REMOVE_TAG = "d";

    private TransactionOp() {}

    /** The op record closing the half message at {@code halfQueueOffset} of half queue {@code halfQueueId}. */
    public static MessageRecord record(int halfQueueId, long halfQueueOffset, long now, InetSocketAddress bornHost,
                                       InetSocketAddress storeHost) {
        String props = MessageProperties.encode(Map.of(MessageProperties.TAGS, REMOVE_TAG));
        byte[] body = Long.toString(halfQueueOffset).getBytes(StandardCharsets.US_ASCII);
        return new MessageRecord(TopicNames.TRANS_OP_HALF_TOPIC, halfQueueId, 0, body, props, 0, now, bornHost,
                storeHost, 0, 0);
    }

    /**
     * The half-queue offsets an op body closes.
     *
     * @throws IllegalArgumentException naming the body when it is not decimal offsets separated by commas
     */
    public static List<Long> offsets(byte[] body) {
        String text = new String(body, StandardCharsets.US_ASCII).trim();
        List<Long> result = new ArrayList<>();
        if (text.isEmpty()) {
            return result;
        }
        for (String part : text.split(",")) {
            try {
                result.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("transaction op body '" + text + "' is not offsets separated by commas");
            }
        }
        return result;
    }
}
