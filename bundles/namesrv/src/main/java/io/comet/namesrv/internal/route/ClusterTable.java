package io.comet.namesrv.internal.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** clusterName to the broker names in it. Not thread-safe: guarded by the {@link RouteTables} lock. */
final class ClusterTable {
    private final Map<String, TreeSet<String>> clusters = new HashMap<>(32);

    /** Adds a broker name to a cluster; returns whether it was new there. */
    boolean add(String cluster, String brokerName) {
        return clusters.computeIfAbsent(cluster, c -> new TreeSet<>()).add(brokerName);
    }

    /** Removes a broker name, and the cluster once empty; returns whether anything changed. */
    boolean remove(String cluster, String brokerName) {
        TreeSet<String> names = clusters.get(cluster);
        if (names == null || !names.remove(brokerName)) {
            return false;
        }
        if (names.isEmpty()) {
            clusters.remove(cluster);
        }
        return true;
    }

    /** The broker names of a cluster (a live view), empty for an unknown cluster. */
    Set<String> brokerNames(String cluster) {
        TreeSet<String> names = clusters.get(cluster);
        return names == null ? Set.of() : names;
    }

    /** Sorted copy for answers. */
    Map<String, List<String>> snapshot() {
        Map<String, List<String>> copy = new TreeMap<>();
        clusters.forEach((c, names) -> copy.put(c, new ArrayList<>(names)));
        return copy;
    }

    Set<String> names() {
        return new TreeSet<>(clusters.keySet());
    }

    int size() {
        return clusters.size();
    }
}
