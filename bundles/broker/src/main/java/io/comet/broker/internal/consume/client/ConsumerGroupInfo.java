package io.comet.broker.internal.consume.client;

import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live members of one consumer group: their channels and the group's subscriptions (topic to
 * {@link SubscriptionData}, as the latest heartbeat said), consume type, message model and start policy.
 * Mutations are serialised by {@link ConsumerManager}; reads are lock-free.
 */
public final class ConsumerGroupInfo {
    /** RocketMQ's message models. */
    public static final String CLUSTERING = "CLUSTERING";
    public static final String BROADCASTING = "BROADCASTING";

    private final String group;
    private final ConcurrentHashMap<RemotingChannel, ClientChannelInfo> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();
    private volatile String consumeType;
    private volatile String messageModel;
    private volatile String consumeFromWhere;

    ConsumerGroupInfo(String group) {
        this.group = group;
    }

    public String group() { return group; }

    public String consumeType() { return consumeType; }

    public String messageModel() { return messageModel; }

    public String consumeFromWhere() { return consumeFromWhere; }

    public boolean isBroadcasting() {
        return BROADCASTING.equals(messageModel);
    }

    /** The subscription to {@code topic}, or null. */
    public SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    /** Subscriptions by topic, sorted (a copy). */
    public Map<String, SubscriptionData> subscriptions() {
        return new TreeMap<>(subscriptions);
    }

    /** The members (a copy). */
    public List<ClientChannelInfo> clients() {
        return new ArrayList<>(channels.values());
    }

    public Collection<RemotingChannel> channels() {
        return new ArrayList<>(channels.keySet());
    }

    /** Client ids of the members, sorted, without duplicates. */
    public List<String> clientIds() {
        Set<String> ids = new HashSet<>();
        for (ClientChannelInfo c : channels.values()) {
            ids.add(c.clientId());
        }
        List<String> out = new ArrayList<>(ids);
        out.sort(null);
        return out;
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    ClientChannelInfo client(RemotingChannel channel) {
        return channels.get(channel);
    }

    /** Adds or refreshes a member; true when the channel is new (or its client id changed). */
    boolean updateChannel(ClientChannelInfo info, String consumeType, String messageModel, String consumeFromWhere) {
        this.consumeType = consumeType;
        this.messageModel = messageModel;
        this.consumeFromWhere = consumeFromWhere;
        ClientChannelInfo old = channels.get(info.channel());
        if (old != null && old.clientId().equals(info.clientId())) {
            old.touch(info.lastUpdate());
            return false;
        }
        channels.put(info.channel(), info);
        return true;
    }

    /**
     * Replaces the subscriptions with the heartbeat's; true when a topic was added or removed or an expression
     * changed. A subscription with an older version than the one held does not replace it.
     */
    boolean updateSubscriptions(Collection<SubscriptionData> latest) {
        boolean changed = false;
        Set<String> topics = new HashSet<>();
        for (SubscriptionData sub : latest) {
            if (sub == null || sub.topic() == null) {
                continue;
            }
            topics.add(sub.topic());
            SubscriptionData old = subscriptions.get(sub.topic());
            if (old == null) {
                subscriptions.put(sub.topic(), sub);
                changed = true;
            } else if (sub.subVersion() >= old.subVersion() && !sub.equals(old)) {
                subscriptions.put(sub.topic(), sub);
                changed |= !sameExpression(old, sub);
            }
        }
        changed |= subscriptions.keySet().removeIf(t -> !topics.contains(t));
        return changed;
    }

    /** Replaces the subscription of {@code sub}'s topic when one is held and {@code sub} is newer. */
    boolean replaceIfNewer(SubscriptionData sub) {
        if (sub.topic() == null) {
            return false;
        }
        SubscriptionData old = subscriptions.get(sub.topic());
        if (old == null || sub.subVersion() <= old.subVersion()) {
            return false;
        }
        subscriptions.put(sub.topic(), sub);
        return true;
    }

    /** Removes a member; returns it, or null when the channel was not one. */
    ClientChannelInfo removeChannel(RemotingChannel channel) {
        return channels.remove(channel);
    }

    private static boolean sameExpression(SubscriptionData a, SubscriptionData b) {
        return a.expressionType().equalsIgnoreCase(b.expressionType())
                && java.util.Objects.equals(a.subString(), b.subString());
    }
}
