package io.comet.broker.internal.consume.lock;

import io.comet.broker.internal.consume.MessageQueue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Orderly-consumption locks: per consumer group, each queue is owned by at most one client id. A queue locks to
 * a caller when it is free, already the caller's, or its owner has not renewed it for {@link #lockMaxLiveMillis}
 * (RocketMQ: 60 s, {@code rocketmq.broker.rebalance.lockMaxLiveTime}); locking again renews it. Time comes from an
 * injected clock. Operations on one group are serialised.
 */
public final class QueueLockTable {
    /** RocketMQ's default lock lifetime. */
    public static final long DEFAULT_LOCK_MAX_LIVE_MILLIS = 60_000;

    private final ConcurrentHashMap<String, Map<MessageQueue, Lock>> groups = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final long lockMaxLiveMillis;

    private static final class Lock {
        final String clientId;
        long lastUpdate;

        Lock(String clientId, long lastUpdate) {
            this.clientId = clientId;
            this.lastUpdate = lastUpdate;
        }
    }

    public QueueLockTable(LongSupplier clock, long lockMaxLiveMillis) {
        this.clock = clock;
        this.lockMaxLiveMillis = lockMaxLiveMillis;
    }

    public long lockMaxLiveMillis() {
        return lockMaxLiveMillis;
    }

    /** Locks (or renews) what it can of {@code queues} for {@code clientId}; returns the queues it now holds. */
    public Set<MessageQueue> tryLock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Lock> locks = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        Set<MessageQueue> ok = new LinkedHashSet<>();
        long now = clock.getAsLong();
        synchronized (locks) {
            for (MessageQueue mq : queues) {
                Lock l = locks.get(mq);
                if (l == null || l.clientId.equals(clientId) || expired(l, now)) {
                    if (l != null && l.clientId.equals(clientId)) {
                        l.lastUpdate = now;
                    } else {
                        locks.put(mq, new Lock(clientId, now));
                    }
                    ok.add(mq);
                }
            }
        }
        return ok;
    }

    /** Releases the queues {@code clientId} holds among {@code queues}; others' locks stay. */
    public void unlock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Lock> locks = groups.get(group);
        if (locks == null) {
            return;
        }
        synchronized (locks) {
            for (MessageQueue mq : queues) {
                Lock l = locks.get(mq);
                if (l != null && l.clientId.equals(clientId)) {
                    locks.remove(mq);
                }
            }
        }
    }

    /** The live owner of a queue, or null when it is free or its lock expired. */
    public String owner(String group, MessageQueue mq) {
        Map<MessageQueue, Lock> locks = groups.get(group);
        if (locks == null) {
            return null;
        }
        synchronized (locks) {
            Lock l = locks.get(mq);
            return l == null || expired(l, clock.getAsLong()) ? null : l.clientId;
        }
    }

    private boolean expired(Lock l, long now) {
        return now - l.lastUpdate > lockMaxLiveMillis;
    }
}
