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

    /** The group of {@code cluster} that has {@code addr} under some id, or {@code null}. */
    BrokerGroup findByAddr(String cluster, String addr) {
        for (BrokerGroup g : groups.values()) {
            if (g.cluster.equals(cluster) && g.addrs.containsValue(addr)) {
                return g;
            }
        }
        return null;
    }
}
