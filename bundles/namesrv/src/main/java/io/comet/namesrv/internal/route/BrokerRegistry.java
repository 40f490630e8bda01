package io.comet.namesrv.internal.route;

import io.comet.common.BrokerData;
import io.comet.common.DataVersion;
import io.comet.common.PermName;
import io.comet.common.QueueData;
import io.comet.common.TopicConfig;
import io.comet.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brokers joining and leaving: REGISTER_BROKER, UNREGISTER_BROKER, BROKER_HEARTBEAT, QUERY_DATA_VERSION, expiry of
 * silent brokers and removal when a broker's connection closes. Behaviour follows RocketMQ 5.x's name server:
 * <ul>
 *   <li>a master (id 0), or for 5.x brokers the smallest-id slave while no master is registered ("prime slave",
 *       its queues without write permission), rebuilds the group's queue data for every topic it lists when the
 *       registration is the group member's first, its data version changed, or the topic lacks the group;</li>
 *   <li>an address filed under another id of the group is removed first (a slave promoted to master);</li>
 *   <li>a registration that claims an id held by another address with a higher state version is ignored;</li>
 *   <li>a group is removed with its queue data and cluster membership once its last address leaves.</li>
 * </ul>
 */
public final class BrokerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqNamesrv");
    private final RouteTables t;

    public BrokerRegistry(RouteTables tables) {
        this.t = tables;
    }

    /**
     * Registers a broker process, or does nothing and returns {@link RegisterResult#CLOSED} when the connection it
     * registered on has already closed (a request queued before the close).
     */
    public RegisterResult register(BrokerRegistration r) {
        t.writeLock().lock();
        try {
            return registerLocked(r);
        } finally {
            t.writeLock().unlock();
        }
    }

    private RegisterResult registerLocked(BrokerRegistration r) {
        if (r.channel() != null && !r.channel().isActive()) {
            // checked under the lock: a close seen here was (or will be) followed by channelClosed, which takes the
            // lock too, so a registration that passes this check is removed when its connection goes
            LOG.warn("registerBroker on a closed connection ignored: {}/{} from {}", r.cluster(), r.brokerAddr(),
                    r.channel().remoteAddress());
            return RegisterResult.CLOSED;
        }
        boolean changed = t.clusters.add(r.cluster(), r.brokerName());
        BrokerGroup group = t.brokers.get(r.brokerName());
        boolean first = group == null;
        if (first) {
            group = new BrokerGroup(r.cluster(), r.brokerName());
            t.brokers.put(group);
            changed = true;
        } else if (!group.cluster.equals(r.cluster())) {
            moveCluster(group, r.cluster());
            changed = true;
        }
        boolean oldBroker = r.enableActingMaster() == null;
        boolean acting = !oldBroker && r.enableActingMaster();
        if (group.enableActingMaster != acting || !Objects.equals(group.zoneName, r.zoneName())) {
            group.enableActingMaster = acting;
            group.zoneName = r.zoneName();
            changed = true;
        }
        long id = r.brokerId();
        changed |= group.addrs.entrySet().removeIf(e -> e.getValue().equals(r.brokerAddr()) && e.getKey() != id);

        DataVersion version = r.topics().dataVersion();
        String holder = group.addrs.get(id);
        if (holder != null && !holder.equals(r.brokerAddr())) {
            BrokerLiveness holderLive = t.live.get(new BrokerKey(r.cluster(), holder));
            if (holderLive != null && holderLive.dataVersion.stateVersion() > version.stateVersion()) {
                LOG.warn("Registered broker conflicts with the existing one, ignored: {}/{} id {} at {} (state {}) vs {} (state {})",
                        r.cluster(), r.brokerName(), id, holder, holderLive.dataVersion.stateVersion(), r.brokerAddr(),
                        version.stateVersion());
                t.live.remove(new BrokerKey(r.cluster(), r.brokerAddr()));
                if (changed) {
                    t.invalidate();
                }
                return RegisterResult.NONE;
            }
        }
        String previous = group.addrs.put(id, r.brokerAddr());
        changed |= !r.brokerAddr().equals(previous);
        first |= previous == null;

        BrokerKey key = new BrokerKey(r.cluster(), r.brokerAddr());
        BrokerLiveness before = t.live.get(key);
        boolean master = id == BrokerData.MASTER_ID;
        boolean primeSlave = !oldBroker && !master && id == group.minId();
        if (master || primeSlave) {
            changed |= rebuildQueueData(r, first, before == null || !before.dataVersion.equals(version), primeSlave);
        }

        List<String> filterServers = r.filterServers() != null ? r.filterServers()
                : before != null ? before.filterServers : List.of();
        changed |= !(before == null ? List.<String>of() : before.filterServers).equals(filterServers);
        long timeout = r.heartbeatTimeoutMillis() == null ? -1 : r.heartbeatTimeoutMillis();
        t.live.put(key, new BrokerLiveness(t.now(), timeout, version, r.channel(), r.haServerAddr(), filterServers));
        if (before == null) {
            LOG.info("new broker registered, {} HAService: {}", key, r.haServerAddr());
        }
        if (changed) {
            t.invalidate();
        }
        if (!master) {
            String masterAddr = group.addrs.get(BrokerData.MASTER_ID);
            BrokerLiveness masterLive = masterAddr == null ? null : t.live.get(new BrokerKey(r.cluster(), masterAddr));
            if (masterLive != null) {
                return new RegisterResult(masterLive.haServerAddr, masterAddr);
            }
        }
        return RegisterResult.NONE;
    }

    /**
     * A member re-registered the group under another cluster name: the group leaves its old cluster and its
     * members' liveness entries are filed under the new name, so later removal by address finds them.
     */
    private void moveCluster(BrokerGroup group, String cluster) {
        String old = group.cluster;
        LOG.info("broker group {} moves from cluster {} to {}", group.brokerName, old, cluster);
        t.clusters.remove(old, group.brokerName);
        for (String addr : group.addrs.values()) {
            BrokerLiveness live = t.live.remove(new BrokerKey(old, addr));
            if (live != null) {
                t.live.put(new BrokerKey(cluster, addr), live);
            }
        }
        group.cluster = cluster;
    }

    private boolean rebuildQueueData(BrokerRegistration r, boolean first, boolean versionChanged, boolean primeSlave) {
        boolean changed = false;
        var table = r.topics().topicConfigTable();
        if (t.deleteTopicWithBrokerRegistration()) {
            for (String gone : t.topics.topicsOf(r.brokerName())) {
                if (!table.containsKey(gone)) {
                    changed |= t.topics.removeTopicFrom(gone, Set.of(r.brokerName()));
                    LOG.info("deleteTopic, {} no longer lists {}", r.brokerName(), gone);
                }
            }
        }
        for (TopicConfig tc : table.values()) {
            if (first || versionChanged || !t.topics.contains(tc.topicName(), r.brokerName())) {
                int perm = primeSlave ? tc.perm() & ~PermName.PERM_WRITE : tc.perm();
                QueueData qd = QueueData.of(r.brokerName(), tc).withPerm(perm);
                if (t.topics.put(tc.topicName(), qd)) {
                    changed = true;
                    LOG.info("topic registered or changed, {} {}", tc.topicName(), qd);
                }
            }
        }
        return changed;
    }

    /** UNREGISTER_BROKER: removes the address; the group goes with its last address. */
    public void unregister(String cluster, String brokerAddr, String brokerName) {
        t.writeLock().lock();
        try {
            remove(new BrokerKey(cluster, brokerAddr), brokerName);
        } finally {
            t.writeLock().unlock();
        }
    }

    private void remove(BrokerKey key, String brokerName) {
        BrokerGroup group = t.brokers.get(brokerName);
        if (group != null && !group.cluster.equals(key.cluster()) && group.addrs.containsValue(key.addr())) {
            key = new BrokerKey(group.cluster, key.addr()); // named by the cluster the group has left
        }
        BrokerLiveness gone = t.live.remove(key);
        LOG.info("unregisterBroker, remove from brokerLiveTable {}, {}", gone != null ? "OK" : "Failed", key);
        boolean changed = gone != null && !gone.filterServers.isEmpty();
        if (group != null && group.removeAddr(key.addr())) {
            changed = true;
            if (group.addrs.isEmpty()) {
                t.brokers.remove(brokerName);
                t.clusters.remove(group.cluster, brokerName);
                t.topics.removeBroker(brokerName);
                LOG.info("unregisterBroker, broker group {} removed with its topics", brokerName);
            } else if (group.enableActingMaster && group.minId() > BrokerData.MASTER_ID) {
                t.topics.updatePerm(brokerName, perm -> perm & ~PermName.PERM_WRITE);
            }
        }
        if (changed) {
            t.invalidate();
        }
    }

    /** BROKER_HEARTBEAT, and QUERY_DATA_VERSION: refreshes a broker's last-seen time; false when unknown. */
    public boolean touch(String cluster, String brokerAddr) {
        t.readLock().lock();
        try {
            BrokerLiveness live = t.live.get(new BrokerKey(cluster, brokerAddr));
            if (live == null) {
                return false;
            }
            live.lastUpdateMillis = t.now();
            return true;
        } finally {
            t.readLock().unlock();
        }
    }

    /** The data version a broker last registered, or {@code null} when it is not registered. */
    public DataVersion dataVersionOf(String cluster, String brokerAddr) {
        t.readLock().lock();
        try {
            BrokerLiveness live = t.live.get(new BrokerKey(cluster, brokerAddr));
            return live == null ? null : live.dataVersion;
        } finally {
            t.readLock().unlock();
        }
    }

    /**
     * Removes brokers silent for longer than their limit and closes their connections.
     *
     * @return the removed brokers as {@code cluster/ip:port}
     */
    public List<String> scanExpired() {
        List<RemotingChannel> toClose = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        t.writeLock().lock();
        try {
            for (BrokerKey key : t.live.expired(t.now(), t.defaultExpiryMillis())) {
                BrokerLiveness live = t.live.get(key);
                long limit = live.timeoutMillis >= 0 ? live.timeoutMillis : t.defaultExpiryMillis();
                LOG.warn("The broker channel expired, {} {}ms", key, limit);
                if (live.channel != null) {
                    toClose.add(live.channel);
                }
                removeByAddr(key);
                removed.add(key.toString());
            }
        } finally {
            t.writeLock().unlock();
        }
        for (RemotingChannel ch : toClose) {
            try {
                ch.close();
            } catch (RuntimeException e) {
                LOG.debug("closing expired broker channel failed", e);
            }
        }
        return removed;
    }

    /** A connection closed: removes the broker that registered on it, if any; returns whether one was. */
    public boolean channelClosed(RemotingChannel channel) {
        t.writeLock().lock();
        try {
            BrokerKey key = t.live.findByChannel(channel);
            if (key == null) {
                return false;
            }
            LOG.info("the broker's channel destroyed, {}, unregister it at once", key);
            removeByAddr(key);
            return true;
        } finally {
            t.writeLock().unlock();
        }
    }

    private void removeByAddr(BrokerKey key) {
        BrokerGroup group = t.brokers.findByAddr(key.cluster(), key.addr());
        if (group != null) {
            remove(key, group.brokerName);
        } else {
            t.live.remove(key);
        }
    }
}
