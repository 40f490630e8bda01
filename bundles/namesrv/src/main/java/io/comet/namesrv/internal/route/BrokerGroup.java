package io.comet.namesrv.internal.route;

import io.comet.common.BrokerData;
import java.util.TreeMap;

/**
 * One broker name's addresses by broker id (0 = master), mutable, guarded by the {@link RouteTables} lock.
 * The cluster changes when a member re-registers under another cluster name (the group moves with it).
 */
final class BrokerGroup {
    String cluster;
    final String brokerName;
    final TreeMap<Long, String> addrs = new TreeMap<>();
    String zoneName;
    boolean enableActingMaster;

    BrokerGroup(String cluster, String brokerName) {
        this.cluster = cluster;
        this.brokerName = brokerName;
    }

    /** An immutable copy for answers. */
    BrokerData snapshot() {
        return new BrokerData(cluster, brokerName, addrs, zoneName, enableActingMaster);
    }

    /** The smallest registered broker id, or {@code Long.MAX_VALUE} when empty. */
    long minId() {
        return addrs.isEmpty() ? Long.MAX_VALUE : addrs.firstKey();
    }

    /** Removes {@code addr} wherever it is filed; returns whether it was. */
    boolean removeAddr(String addr) {
        return addrs.values().removeIf(addr::equals);
    }
}
