package io.comet.namesrv.internal.route;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** brokerName to its {@link BrokerGroup}. Not thread-safe: guarded by the {@link RouteTables} lock. */
final class BrokerTable {
    private final Map<String, BrokerGroup> groups = new HashMap<>(128);

    BrokerGroup get(String brokerName) {
        return groups.get(brokerName);
    }

    void put(BrokerGroup group) {
        groups.put(group.brokerName, group);
    }

    void remove(String brokerName) {
        groups.remove(brokerName);
    }

    boolean contains(String brokerName) {
        return groups.containsKey(brokerName);
    }

    Collection<BrokerGroup> all() {
        return groups.values();
    }

    int size() {
        return groups.size();
    }

    /**
     * The group that has {@code addr} under some id, preferring one filed under {@code cluster}; {@code null} when
     * no group has the address.
     */
    BrokerGroup findByAddr(String cluster, String addr) {
        BrokerGroup other = null;
        for (BrokerGroup g : groups.values()) {
            if (g.addrs.containsValue(addr)) {
                if (g.cluster.equals(cluster)) {
                    return g;
                }
                other = other == null ? g : other;
            }
        }
        return other;
    }
}
