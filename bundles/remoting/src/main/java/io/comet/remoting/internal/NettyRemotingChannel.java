package io.comet.remoting.internal;

import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingConnectException;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty channel seen as a {@link RemotingChannel}: sends commands and keeps the requests it sent waiting for
 * their responses ({@link PendingResponses}). One per channel, attached as a channel attribute when the channel
 * is initialised, shared by server-side connections (broker to client calls) and client connections.
 */
final class NettyRemotingChannel implements RemotingChannel {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingChannel.class);
    private static final AttributeKey<NettyRemotingChannel> KEY = AttributeKey.valueOf("comet.remoting.channel");

    private final Channel channel;
    private final AtomicInteger opaques;
    private final PendingResponses pending;
    private volatile String remote;
    private volatile String local;

    private NettyRemotingChannel(Channel channel, AtomicInteger opaques, Timer timer) {
        this.channel = channel;
        this.opaques = opaques;
        this.pending = new PendingResponses(timer, this::remoteAddress);
    }

    /** Attaches a new instance to {@code channel}; requests it sends draw opaques from {@code opaques}. */
    static NettyRemotingChannel attach(Channel channel, AtomicInteger opaques, Timer timer) {
        NettyRemotingChannel rc = new NettyRemotingChannel(channel, opaques, timer);
        channel.attr(KEY).set(rc);
        return rc;
    }

    /** The instance attached to {@code channel}. */
    static NettyRemotingChannel of(Channel channel) {
        return channel.attr(KEY).get();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public java.util.concurrent.Executor executor() {
        return channel.eventLoop();
    }

    PendingResponses pending() {
        return pending;
    }

    @Override
    public String remoteAddress() {
        String r = remote;
        if (r == null) {
            if (channel.remoteAddress() == null) {
                return "unknown";
            }
            r = remote = Addresses.remote(channel);
        }
        return r;
    }

    @Override
    public String localAddress() {
        String l = local;
        if (l == null) {
            if (channel.localAddress() == null) {
                return "unknown";
            }
            l = local = Addresses.format(channel.localAddress());
        }
        return l;
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
        return invoke(request, timeoutMillis, opaques.getAndIncrement());
    }

    /** Sends {@code request} with the given opaque and waits up to {@code timeoutMillis} for its response. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis, int opaque) {
        request.opaque(opaque).flag(request.flag() & ~(RemotingCommand.FLAG_RESPONSE | RemotingCommand.FLAG_ONEWAY));
        CompletableFuture<RemotingCommand> response = pending.register(opaque, request.code(), timeoutMillis);
        if (!channel.isActive()) {
            request.releaseBody();
            pending.fail(opaque, new RemotingConnectException("connection to " + remoteAddress() + " is closed"));
            return response;
        }
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                request.releaseBody();
                pending.fail(opaque, new RemotingConnectException("sending request code " + request.code()
                        + " to " + remoteAddress() + " failed: " + f.cause(), f.cause()));
            }
        });
        return response;
    }

    @Override
    public void invokeOneway(RemotingCommand request) {
        request.opaque(opaques.getAndIncrement()).flag(request.flag() & ~RemotingCommand.FLAG_RESPONSE).markOneway();
        send(request);
    }

    @Override
    public void send(RemotingCommand command) {
        channel.writeAndFlush(command).addListener(f -> {
            if (!f.isSuccess()) {
                command.releaseBody();
                LOG.debug("Sending {} to {} failed: {}", command, remoteAddress(), f.cause().toString());
            }
        });
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "RemotingChannel[" + localAddress() + " -> " + remoteAddress() + "]";
    }
}
