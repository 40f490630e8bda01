package io.comet.namesrv.internal.route;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.common.PermName;
import io.comet.common.QueueData;
import io.comet.common.TopicList;
import io.comet.common.TopicRouteData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers built from the route tables under the read lock: topic routes (GET_ROUTEINFO_BY_TOPIC), cluster info,
 * topic lists. Routes and cluster info are also served encoded from a cache that changes invalidate, so the
 * every-30-seconds polling of all clients costs a map lookup.
 */
public final class RouteQueries {
    private final RouteTables t;

    public RouteQueries(RouteTables tables) {
        this.t = tables;
    }

    /** The route of a topic, or {@code null} when the topic is unknown or none of its broker groups is registered. */
    public TopicRouteData route(String topic) {
        t.readLock().lock();
        try {
            return buildRoute(topic);
        } finally {
            t.readLock().unlock();
        }
    }

    /** {@link #route} as JSON (quoted keys, no {@code orderTopicConf}), from the cache when unchanged. */
    public byte[] encodedRoute(String topic) {
        t.readLock().lock();
        try {
            byte[] cached = t.routeCache.get(topic);
            if (cached != null) {
                return cached;
            }
            TopicRouteData route = buildRoute(topic);
            if (route == null) {
                return null;
            }
            byte[] encoded = Json.toBytes(route);
            t.routeCache.put(topic, encoded);
            return encoded;
        } finally {
            t.readLock().unlock();
        }
    }

    private TopicRouteData buildRoute(String topic) {
        Map<String, QueueData> queues = t.topics.of(topic);
        if (queues == null || queues.isEmpty()) {
            return null;
        }
        List<BrokerData> brokers = new ArrayList<>();
        Map<String, List<String>> filterServers = new TreeMap<>();
        for (String brokerName : queues.keySet()) {
            BrokerGroup group = t.brokers.get(brokerName);
            if (group == null) {
                continue;
            }
            BrokerData data = group.snapshot();
            if (t.supportActingMaster()) {
                data = actingMasterView(data, queues.get(brokerName));
            }
            brokers.add(data);
            for (String addr : group.addrs.values()) {
                BrokerLiveness live = t.live.get(new BrokerKey(group.cluster, addr));
                if (live != null && !live.filterServers.isEmpty()) {
                    filterServers.put(addr, live.filterServers);
                }
            }
        }
        if (brokers.isEmpty()) {
            return null;
        }
        return new TopicRouteData(null, new ArrayList<>(queues.values()), brokers, filterServers);
    }

    /**
     * RocketMQ 5.x {@code supportActingMaster}: a group without a master whose queues are read-only shows its
     * smallest-id slave as id 0, so clients read from it as from a (read-only) master.
     */
    private static BrokerData actingMasterView(BrokerData data, QueueData queue) {
        if (data.brokerAddrs().isEmpty() || data.masterAddr() != null || !data.enableActingMaster()
                || queue == null || PermName.isWriteable(queue.perm())) {
            return data;
        }
        TreeMap<Long, String> addrs = new TreeMap<>(data.brokerAddrs());
        String acting = addrs.remove(addrs.firstKey());
        addrs.put(BrokerData.MASTER_ID, acting);
        return new BrokerData(data.cluster(), data.brokerName(), addrs, data.zoneName(), data.enableActingMaster());
    }

    public ClusterInfo clusterInfo() {
        t.readLock().lock();
        try {
            return buildClusterInfo();
        } finally {
            t.readLock().unlock();
        }
    }

    /** {@link #clusterInfo} as JSON, from the cache when unchanged. */
    public byte[] encodedClusterInfo() {
        t.readLock().lock();
        try {
            byte[] cached = t.clusterInfoCache;
            if (cached == null) {
                cached = Json.toBytes(buildClusterInfo());
                t.clusterInfoCache = cached;
            }
            return cached;
        } finally {
            t.readLock().unlock();
        }
    }

    private ClusterInfo buildClusterInfo() {
        Map<String, BrokerData> brokers = new TreeMap<>();
        for (BrokerGroup g : t.brokers.all()) {
            brokers.put(g.brokerName, g.snapshot());
        }
        return new ClusterInfo(brokers, t.clusters.snapshot());
    }

    /** Every topic known, sorted. */
    public TopicList allTopics() {
        t.readLock().lock();
        try {
            return TopicList.of(t.topics.names());
        } finally {
            t.readLock().unlock();
        }
    }

    /** Topics hosted by any broker group of {@code cluster}; empty for an unknown cluster. */
    public TopicList topicsByCluster(String cluster) {
        t.readLock().lock();
        try {
            return TopicList.of(t.topics.topicsOfAny(t.clusters.brokerNames(cluster)));
        } finally {
            t.readLock().unlock();
        }
    }

    /**
     * The system topics a NameServer can name: every cluster name and every broker name (brokers create topics of
     * those names), with the address of one broker to ask for the rest.
     */
    public TopicList systemTopics() {
        t.readLock().lock();
        try {
            List<String> names = new ArrayList<>();
            for (String cluster : t.clusters.names()) {
                names.add(cluster);
                names.addAll(t.clusters.brokerNames(cluster));
            }
            String addr = null;
            for (BrokerData b : buildClusterInfo().brokerAddrTable().values()) {
                if (!b.brokerAddrs().isEmpty()) {
                    addr = b.masterAddr() != null ? b.masterAddr() : b.brokerAddrs().values().iterator().next();
                    break;
                }
            }
            return new TopicList(names, addr);
        } finally {
            t.readLock().unlock();
        }
    }

    /** Figures for status displays: live broker processes, broker groups, clusters, topics. */
    public Map<String, Integer> counts() {
        t.readLock().lock();
        try {
            return Map.of("brokers", t.live.size(), "brokerNames", t.brokers.size(), "clusters", t.clusters.size(),
                    "topics", t.topics.size());
        } finally {
            t.readLock().unlock();
        }
    }
}
