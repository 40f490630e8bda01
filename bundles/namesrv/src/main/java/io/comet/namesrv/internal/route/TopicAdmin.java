package io.comet.namesrv.internal.route;

import io.comet.common.PermName;
import io.comet.common.QueueData;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator changes to routes: DELETE_TOPIC_IN_NAMESRV, REGISTER_TOPIC_IN_NAMESRV, WIPE_WRITE_PERM_OF_BROKER and
 * ADD_WRITE_PERM_OF_BROKER. They last until the affected brokers register a changed topic table.
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqNamesrv");
    private final RouteTables t;

    public TopicAdmin(RouteTables tables) {
        this.t = tables;
    }

    /** Removes a topic from every broker group; returns whether it was known. */
    public boolean deleteTopic(String topic) {
        return write(() -> t.topics.removeTopic(topic));
    }

    /** Removes a topic from the broker groups of one cluster; the topic goes once no group hosts it. */
    public boolean deleteTopic(String topic, String cluster) {
        return write(() -> t.topics.removeTopicFrom(topic, List.copyOf(t.clusters.brokerNames(cluster))));
    }

    /**
     * Adds a route for a topic the NameServer does not know yet (5.x). Refused, returning false, when the topic
     * exists or a queue data names a broker group that is not registered.
     */
    public boolean registerTopic(String topic, List<QueueData> queueDatas) {
        return write(() -> {
            for (QueueData qd : queueDatas) {
                if (!t.brokers.contains(qd.brokerName())) {
                    LOG.warn("Register topic contains unknown broker, {}, {}", topic, qd);
                    return false;
                }
            }
            return t.topics.putIfAbsent(topic, queueDatas);
        });
    }

    /** Removes the write permission from every topic of a broker group; returns how many topics it hosts. */
    public int wipeWritePerm(String brokerName) {
        return updatePerm(brokerName, perm -> perm & ~PermName.PERM_WRITE);
    }

    /** Sets every topic of a broker group to read + write (RocketMQ's behaviour); returns how many topics it hosts. */
    public int addWritePerm(String brokerName) {
        return updatePerm(brokerName, perm -> PermName.PERM_READ_WRITE);
    }

    private int updatePerm(String brokerName, IntUnaryOperator op) {
        t.writeLock().lock();
        try {
            int count = t.topics.updatePerm(brokerName, op);
            if (count > 0) {
                t.invalidate();
            }
            return count;
        } finally {
            t.writeLock().unlock();
        }
    }

    private boolean write(java.util.function.BooleanSupplier change) {
        t.writeLock().lock();
        try {
            boolean changed = change.getAsBoolean();
            if (changed) {
                t.invalidate();
            }
            return changed;
        } finally {
            t.writeLock().unlock();
        }
    }
}
