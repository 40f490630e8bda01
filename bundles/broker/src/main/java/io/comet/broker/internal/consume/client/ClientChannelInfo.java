package io.comet.broker.internal.consume.client;

import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingChannel;

/**
 * One client connection as heartbeats describe it: the channel, the client's id ({@code ip@instance}), language
 * and version ordinal, and when it last sent a heartbeat.
 */
public final class ClientChannelInfo {
    private final RemotingChannel channel;
    private final String clientId;
    private final LanguageCode language;
    private final int version;
    private volatile long lastUpdate;

    public ClientChannelInfo(RemotingChannel channel, String clientId, LanguageCode language, int version,
                             long lastUpdate) {
        this.channel = channel;
        this.clientId = clientId;
        this.language = language == null ? LanguageCode.JAVA : language;
        this.version = version;
        this.lastUpdate = lastUpdate;
    }

    public RemotingChannel channel() { return channel; }

    public String clientId() { return clientId; }

    public LanguageCode language() { return language; }

    public int version() { return version; }

    public long lastUpdate() { return lastUpdate; }

    void touch(long now) {
        lastUpdate = now;
    }
}
