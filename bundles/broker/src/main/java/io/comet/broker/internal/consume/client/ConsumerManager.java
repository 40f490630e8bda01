package io.comet.broker.internal.consume.client;

import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer groups and their live members, fed by heartbeats. When a group gains or loses a member or its
 * subscriptions change, the {@link MembershipListener} hears it with the channels of the remaining members (the
 * broker then sends NOTIFY_CONSUMER_IDS_CHANGED to each), unless the group's
 * {@code notifyConsumerIdsChangedEnable} is off. Members leave by UNREGISTER_CLIENT, when their channel closes,
 * or after {@link #CHANNEL_EXPIRED_MILLIS} without a heartbeat.
 */
public final class ConsumerManager {
    /** A client silent this long is dropped (RocketMQ: 120 s). */
    public static final long CHANNEL_EXPIRED_MILLIS = 120_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerManager.class);

    /** Hears membership or subscription changes of a group. */
    @FunctionalInterface
    public interface MembershipListener {
        /** @param channels the group's members now (possibly empty) */
        void changed(String group, Collection<RemotingChannel> channels);
    }

    private final ConcurrentHashMap<String, ConsumerGroupInfo> groups = new ConcurrentHashMap<>();
    private final MembershipListener listener;
    private final Predicate<String> notifyEnabled;

    /**
     * @param notifyEnabled whether a group wants change notifications (its subscription-group setting)
     */
    public ConsumerManager(MembershipListener listener, Predicate<String> notifyEnabled) {
        this.listener = listener;
        this.notifyEnabled = notifyEnabled;
    }

    /**
     * Records a heartbeat of one member. Returns true when the group changed (new member or new subscriptions);
     * the listener has then been told.
     */
    public boolean register(String group, ClientChannelInfo client, String consumeType, String messageModel,
                            String consumeFromWhere, Collection<SubscriptionData> subscriptions) {
        boolean changed;
        ConsumerGroupInfo info;
        synchronized (this) {
            info = groups.computeIfAbsent(group, ConsumerGroupInfo::new);
            boolean newMember = info.updateChannel(client, consumeType, messageModel, consumeFromWhere);
            boolean newSubs = info.updateSubscriptions(subscriptions);
            changed = newMember || newSubs;
            if (newMember) {
                LOG.info("consumer group {}: client {} joined from {}", group, client.clientId(),
                        client.channel().remoteAddress());
            }
        }
        if (changed) {
            fire(group, info);
        }
        return changed;
    }

    /** Removes the member on {@code channel} from {@code group} (UNREGISTER_CLIENT); true when it was one. */
    public boolean unregister(String group, RemotingChannel channel) {
        ConsumerGroupInfo info;
        synchronized (this) {
            info = groups.get(group);
            if (info == null || info.removeChannel(channel) == null) {
                return false;
            }
            if (info.isEmpty()) {
                groups.remove(group, info);
            }
        }
        LOG.info("consumer group {}: client on {} unregistered", group, channel.remoteAddress());
        fire(group, info);
        return true;
    }

    /** Removes {@code channel} from every group (its connection closed). */
    public void channelClosed(RemotingChannel channel) {
        for (String group : List.copyOf(groups.keySet())) {
            if (unregister(group, channel)) {
                LOG.info("consumer group {}: channel {} closed", group, channel.remoteAddress());
            }
        }
    }

    /** Drops members whose last heartbeat is older than {@link #CHANNEL_EXPIRED_MILLIS}; closes their channels. */
    public void scanExpired(long now) {
        for (ConsumerGroupInfo info : List.copyOf(groups.values())) {
            for (ClientChannelInfo c : info.clients()) {
                if (now - c.lastUpdate() > CHANNEL_EXPIRED_MILLIS) {
                    LOG.warn("consumer group {}: client {} on {} sent no heartbeat for {} ms, dropping it",
                            info.group(), c.clientId(), c.channel().remoteAddress(), now - c.lastUpdate());
                    unregister(info.group(), c.channel());
                    c.channel().close();
                }
            }
        }
    }

    /** The group's live members and subscriptions, or null when it has none. */
    public ConsumerGroupInfo group(String group) {
        return groups.get(group);
    }

    /** The subscription of {@code group} to {@code topic} from heartbeats, or null. */
    public SubscriptionData subscription(String group, String topic) {
        ConsumerGroupInfo info = groups.get(group);
        return info == null ? null : info.subscription(topic);
    }

    /**
     * Takes subscriptions a member of {@code group} reported itself (GET_CONSUMER_RUNNING_INFO) where they are newer
     * than the held ones of the same topic, as its heartbeat would have; topics the group does not hold are ignored.
     * Returns how many were replaced.
     */
    public int refreshSubscriptions(String group, java.util.List<SubscriptionData> reported) {
        int n = 0;
        synchronized (this) {
            ConsumerGroupInfo info = groups.get(group);
            if (info == null) {
                return 0;
            }
            for (SubscriptionData sub : reported) {
                if (sub != null && info.replaceIfNewer(sub)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Groups whose members subscribe to {@code topic}, sorted. */
    public Set<String> groupsSubscribing(String topic) {
        Set<String> out = new TreeSet<>();
        groups.forEach((g, info) -> {
            if (info.subscription(topic) != null) {
                out.add(g);
            }
        });
        return out;
    }

    /** Group names with live members, sorted, with their infos. */
    public Map<String, ConsumerGroupInfo> groups() {
        return new TreeMap<>(groups);
    }

    private void fire(String group, ConsumerGroupInfo info) {
        if (!notifyEnabled.test(group)) {
            return;
        }
        try {
            listener.changed(group, new ArrayList<>(info.channels()));
        } catch (RuntimeException e) {
            LOG.warn("consumer group {}: change notification failed", group, e);
        }
    }
}
