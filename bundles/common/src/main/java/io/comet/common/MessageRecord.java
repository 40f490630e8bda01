package io.comet.common;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A message as a producer hands it to the broker, before it is stored: what the store encodes into the commit
 * log. The store adds the queue offset, physical offset and store timestamp. The body array is not copied: do not
 * change it after handing the record over. The IPv6 bits of {@code sysFlag} are set from the host addresses.
 *
 * @param topic topic name, 1..32767 UTF-8 bytes
 * @param queueId target queue
 * @param flag the user flag
 * @param body message body (not null)
 * @param properties encoded properties (see {@link MessageProperties}); {@code null} is taken as empty
 * @param sysFlag {@link MessageSysFlag} bits
 * @param bornTimestamp producer time, ms
 * @param bornHost producer address
 * @param storeHost this broker's address (part of the offset message id)
 * @param reconsumeTimes retry count
 * @param preparedTransactionOffset commit-log offset of the prepared half message, or 0
 */
public record MessageRecord(String topic, int queueId, int flag, byte[] body, String properties, int sysFlag,
                            long bornTimestamp, InetSocketAddress bornHost, InetSocketAddress storeHost,
                            int reconsumeTimes, long preparedTransactionOffset) {

    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    public MessageRecord {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("message topic is empty");
        }
        Objects.requireNonNull(body, "message body");
        if (queueId < 0) {
            throw new IllegalArgumentException("message queueId is negative: " + queueId);
        }
        properties = properties == null ? "" : properties;
        bornHost = bornHost == null ? ANY : bornHost;
        storeHost = storeHost == null ? ANY : storeHost;
        if (bornHost.getAddress() == null || storeHost.getAddress() == null) {
            throw new IllegalArgumentException("message hosts must be resolved addresses: " + bornHost + ", " + storeHost);
        }
        sysFlag = bornHost.getAddress() instanceof Inet6Address ? sysFlag | MessageSysFlag.BORN_HOST_V6
                : sysFlag & ~MessageSysFlag.BORN_HOST_V6;
        sysFlag = storeHost.getAddress() instanceof Inet6Address ? sysFlag | MessageSysFlag.STORE_HOST_V6
                : sysFlag & ~MessageSysFlag.STORE_HOST_V6;
    }

    /** A plain message (no flag, no transaction, loopback hosts, born now). */
    public static MessageRecord of(String topic, int queueId, byte[] body, String properties) {
        return new MessageRecord(topic, queueId, 0, body, properties, 0, System.currentTimeMillis(), ANY, ANY, 0, 0);
    }

    /** Property value, or {@code null}. */
    public String property(String name) {
        return MessageProperties.get(properties, name);
    }

    /** The TAGS property, or {@code null}. */
    public String tags() {
        return property(MessageProperties.TAGS);
    }

    /** False when the producer asked not to wait for the flush (WAIT=false). */
    public boolean waitStoreOk() {
        String w = property(MessageProperties.WAIT);
        return w == null || Boolean.parseBoolean(w);
    }

    /** A copy with other properties. */
    public MessageRecord withProperties(String newProperties) {
        return new MessageRecord(topic, queueId, flag, body, newProperties, sysFlag, bornTimestamp, bornHost, storeHost,
                reconsumeTimes, preparedTransactionOffset);
    }

    /** A copy for another queue. */
    public MessageRecord withQueueId(int newQueueId) {
        return new MessageRecord(topic, newQueueId, flag, body, properties, sysFlag, bornTimestamp, bornHost, storeHost,
                reconsumeTimes, preparedTransactionOffset);
    }

    /** A copy with another store host. */
    public MessageRecord withStoreHost(InetSocketAddress host) {
        return new MessageRecord(topic, queueId, flag, body, properties, sysFlag, bornTimestamp, bornHost, host,
                reconsumeTimes, preparedTransactionOffset);
    }
}
