package io.comet.broker.internal.consume.client;

import io.comet.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Producer groups and their connections, fed by heartbeats: the transaction check-back asks a producer of the
 * half message's group, and GET_PRODUCER_CONNECTION_LIST lists them. Members leave by UNREGISTER_CLIENT, channel
 * close, or after 120 s without a heartbeat.
 */
public final class ProducerManager {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerManager.class);

    private final ConcurrentHashMap<String, ConcurrentHashMap<RemotingChannel, ClientChannelInfo>> groups =
            new ConcurrentHashMap<>();

    /** Records a heartbeat of a member of {@code group}. */
    public void register(String group, ClientChannelInfo client) {
        ConcurrentHashMap<RemotingChannel, ClientChannelInfo> members =
                groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        ClientChannelInfo old = members.get(client.channel());
        if (old != null && old.clientId().equals(client.clientId())) {
            old.touch(client.lastUpdate());
        } else {
            members.put(client.channel(), client);
        }
    }

    /** Removes the member on {@code channel} from {@code group}. */
    public synchronized void unregister(String group, RemotingChannel channel) {
        ConcurrentHashMap<RemotingChannel, ClientChannelInfo> members = groups.get(group);
        if (members != null && members.remove(channel) != null && members.isEmpty()) {
            groups.remove(group, members);
        }
    }

    /** Removes {@code channel} from every group. */
    public void channelClosed(RemotingChannel channel) {
        for (String group : List.copyOf(groups.keySet())) {
            unregister(group, channel);
        }
    }

    /** Drops members silent for longer than 120 s. */
    public void scanExpired(long now) {
        groups.forEach((group, members) -> members.values().forEach(c -> {
            if (now - c.lastUpdate() > ConsumerManager.CHANNEL_EXPIRED_MILLIS) {
                LOG.warn("producer group {}: client {} sent no heartbeat for {} ms, dropping it", group,
                        c.clientId(), now - c.lastUpdate());
                unregister(group, c.channel());
            }
        }));
    }

    /** The group's members (a copy; empty when none). */
    public List<ClientChannelInfo> members(String group) {
        ConcurrentHashMap<RemotingChannel, ClientChannelInfo> members = groups.get(group);
        return members == null ? List.of() : new ArrayList<>(members.values());
    }

    /** A random active channel of the group, or null. */
    public RemotingChannel anyActiveChannel(String group) {
        List<ClientChannelInfo> members = members(group);
        List<RemotingChannel> active = new ArrayList<>();
        for (ClientChannelInfo c : members) {
            if (c.channel().isActive()) {
                active.add(c.channel());
            }
        }
        return active.isEmpty() ? null : active.get(ThreadLocalRandom.current().nextInt(active.size()));
    }
}
