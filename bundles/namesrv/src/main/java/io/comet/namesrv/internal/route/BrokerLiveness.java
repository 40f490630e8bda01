package io.comet.namesrv.internal.route;

import io.comet.common.DataVersion;
import io.comet.remoting.RemotingChannel;
import java.util.List;

/**
 * What the NameServer knows about one live broker process: when it last spoke, how long it may stay silent,
 * the topic-table version it last registered, the connection it registered on and its HA address.
 * Mutable, guarded by the {@link RouteTables} lock (the timestamp is volatile so heartbeats may update it under
 * the read lock).
 */
final class BrokerLiveness {
    volatile long lastUpdateMillis;
    final long timeoutMillis;
    final DataVersion dataVersion;
    final RemotingChannel channel;
    final String haServerAddr;
    final List<String> filterServers;

    /**
     * @param timeoutMillis the broker's own limit (5.x {@code heartbeatTimeoutMillis}), or a negative value to
     *                      follow the NameServer's configured {@code brokerChannelExpiredTime}
     */
    BrokerLiveness(long lastUpdateMillis, long timeoutMillis, DataVersion dataVersion, RemotingChannel channel,
                   String haServerAddr, List<String> filterServers) {
        this.lastUpdateMillis = lastUpdateMillis;
        this.timeoutMillis = timeoutMillis;
        this.dataVersion = dataVersion;
        this.channel = channel;
        this.haServerAddr = haServerAddr;
        this.filterServers = filterServers == null ? List.of() : List.copyOf(filterServers);
    }

    boolean expired(long nowMillis, long defaultTimeoutMillis) {
        long limit = timeoutMillis >= 0 ? timeoutMillis : defaultTimeoutMillis;
        return lastUpdateMillis + limit < nowMillis;
    }

    /**
     * Whether this broker registered on {@code other}. The transport hands out one {@link RemotingChannel} object
     * per connection, so identity is the test.
     */
    boolean registeredOn(RemotingChannel other) {
        return other != null && channel == other;
    }
}
