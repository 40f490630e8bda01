package io.comet.namesrv.internal.route;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * The NameServer's route state: the broker, cluster, topic-queue and liveness tables behind one read-write lock,
 * the clock, the live tunables, and the cache of encoded answers.
 *
 * <p>Locking: queries take the read lock, changes the write lock. The cache is filled under the read lock and
 * cleared under the write lock, so a cached answer is never older than the tables (a writer cannot run between a
 * reader's computing and storing of an answer). Changes that leave the answers as they were (a periodic
 * re-registration with the same data version, a heartbeat) keep the cache.
 */
public final class RouteTables {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final BrokerTable brokers = new BrokerTable();
    final ClusterTable clusters = new ClusterTable();
    final TopicQueueTable topics = new TopicQueueTable();
    final LivenessTable live = new LivenessTable();
    final LongSupplier clock;

    /** Encoded route answers by topic (without {@code orderTopicConf}). */
    final ConcurrentHashMap<String, byte[]> routeCache = new ConcurrentHashMap<>();
    /** Encoded cluster info, or {@code null} when not cached. */
    volatile byte[] clusterInfoCache;

    private volatile long defaultExpiryMillis = 120_000;
    private volatile boolean supportActingMaster;
    private volatile boolean deleteTopicWithBrokerRegistration;

    /** @param clock milliseconds since the epoch; tests pass a fake */
    public RouteTables(LongSupplier clock) {
        this.clock = clock;
    }

    Lock readLock() {
        return lock.readLock();
    }

    Lock writeLock() {
        return lock.writeLock();
    }

    /** Drops cached answers; call under the write lock after a change that answers show. */
    void invalidate() {
        routeCache.clear();
        clusterInfoCache = null;
    }

    long now() {
        return clock.getAsLong();
    }

    /** How long a broker that did not announce its own limit may stay silent ({@code brokerChannelExpiredTime}). */
    public long defaultExpiryMillis() {
        return defaultExpiryMillis;
    }

    public void defaultExpiryMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("brokerChannelExpiredTime must be positive, got " + millis);
        }
        this.defaultExpiryMillis = millis;
    }

    boolean supportActingMaster() {
        return supportActingMaster;
    }

    /** Route answers relabel the smallest-id slave of a master-less acting-master group as id 0. */
    public void supportActingMaster(boolean on) {
        if (on != supportActingMaster) {
            writeLock().lock();
            try {
                supportActingMaster = on;
                invalidate();
            } finally {
                writeLock().unlock();
            }
        }
    }

    boolean deleteTopicWithBrokerRegistration() {
        return deleteTopicWithBrokerRegistration;
    }

    /** A master's registration removes its topics that the registration no longer lists. */
    public void deleteTopicWithBrokerRegistration(boolean on) {
        this.deleteTopicWithBrokerRegistration = on;
    }
}
