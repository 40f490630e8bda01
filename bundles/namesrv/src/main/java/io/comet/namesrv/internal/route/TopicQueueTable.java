package io.comet.namesrv.internal.route;

import io.comet.common.QueueData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * topic to (brokerName to {@link QueueData}). A topic exists while at least one broker group hosts it.
 * Not thread-safe: guarded by the {@link RouteTables} lock. Mutators report whether they changed anything, so
 * cached answers are dropped only when needed.
 */
final class TopicQueueTable {
    private final Map<String, TreeMap<String, QueueData>> topics = new HashMap<>(1024);

    /** Files {@code data} for {@code topic}; returns whether it differs from what was there. */
    boolean put(String topic, QueueData data) {
        QueueData old = topics.computeIfAbsent(topic, t -> new TreeMap<>()).put(data.brokerName(), data);
        return !data.equals(old);
    }

    /** Adds a topic with the given queue data only if the topic is unknown; returns whether it was added. */
    boolean putIfAbsent(String topic, Collection<QueueData> datas) {
        if (topics.containsKey(topic) || datas.isEmpty()) {
            return false;
        }
        TreeMap<String, QueueData> byBroker = new TreeMap<>();
        datas.forEach(d -> byBroker.put(d.brokerName(), d));
        topics.put(topic, byBroker);
        return true;
    }

    boolean contains(String topic, String brokerName) {
        TreeMap<String, QueueData> byBroker = topics.get(topic);
        return byBroker != null && byBroker.containsKey(brokerName);
    }

    /** The queue data of a topic by broker name (a live view), or {@code null} for an unknown topic. */
    Map<String, QueueData> of(String topic) {
        return topics.get(topic);
    }

    boolean removeTopic(String topic) {
        return topics.remove(topic) != null;
    }

    /** Removes the topic from the given broker groups, and the topic once no group hosts it. */
    boolean removeTopicFrom(String topic, Collection<String> brokerNames) {
        TreeMap<String, QueueData> byBroker = topics.get(topic);
        if (byBroker == null) {
            return false;
        }
        boolean changed = byBroker.keySet().removeAll(brokerNames);
        if (byBroker.isEmpty()) {
            topics.remove(topic);
        }
        return changed;
    }

    /** Removes every topic's queue data of a broker group; topics left without any group disappear. */
    boolean removeBroker(String brokerName) {
        boolean changed = false;
        for (Iterator<TreeMap<String, QueueData>> it = topics.values().iterator(); it.hasNext(); ) {
            TreeMap<String, QueueData> byBroker = it.next();
            changed |= byBroker.remove(brokerName) != null;
            if (byBroker.isEmpty()) {
                it.remove();
            }
        }
        return changed;
    }

    /** Topics a broker group hosts. */
    Set<String> topicsOf(String brokerName) {
        Set<String> result = new TreeSet<>();
        topics.forEach((t, byBroker) -> {
            if (byBroker.containsKey(brokerName)) {
                result.add(t);
            }
        });
        return result;
    }

    /** Sorted topics hosted by any of the given broker groups. */
    List<String> topicsOfAny(Set<String> brokerNames) {
        Set<String> result = new TreeSet<>();
        topics.forEach((t, byBroker) -> {
            for (String b : brokerNames) {
                if (byBroker.containsKey(b)) {
                    result.add(t);
                    break;
                }
            }
        });
        return new ArrayList<>(result);
    }

    /**
     * Rewrites the perm of every topic a broker group hosts.
     *
     * @return how many topics the group hosts (RocketMQ reports this count, changed or not)
     */
    int updatePerm(String brokerName, IntUnaryOperator newPerm) {
        int count = 0;
        for (TreeMap<String, QueueData> byBroker : topics.values()) {
            QueueData qd = byBroker.get(brokerName);
            if (qd != null) {
                byBroker.put(brokerName, qd.withPerm(newPerm.applyAsInt(qd.perm())));
                count++;
            }
        }
        return count;
    }

    List<String> names() {
        return new ArrayList<>(new TreeSet<>(topics.keySet()));
    }

    int size() {
        return topics.size();
    }
}
