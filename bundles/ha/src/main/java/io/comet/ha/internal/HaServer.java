package io.comet.ha.internal;

import io.comet.store.MessageStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The master's HA port: accepts slaves and gives each a {@link SlaveConnection}. Binds all interfaces, as the
 * RocketMQ master does (tests bind 127.0.0.1).
 */
final class HaServer {
    private final EventLoopGroup group;
    private final MessageStore store;
    private final EpochHistory epochs;
    private final Supplier<HaSettings> settings;
    private final SlaveConnection.Listener listener;
    private final List<SlaveConnection> connections = new CopyOnWriteArrayList<>();
    private Channel serverChannel;

    HaServer(EventLoopGroup group, MessageStore store, EpochHistory epochs, Supplier<HaSettings> settings,
             SlaveConnection.Listener listener) {
        this.group = group;
        this.store = store;
        this.epochs = epochs;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Binds and returns the bound address.
     *
     * @throws IllegalStateException naming the address, the port and its key ({@code haListenPort}) when the port
     *                               cannot be bound
     */
    synchronized InetSocketAddress start(InetSocketAddress at) {
        long idle = settings.get().housekeepingMs();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SlaveConnection c = new SlaveConnection(store, epochs, settings, new SlaveConnection.Listener() {
                            @Override
                            public void acked(SlaveConnection s) { listener.acked(s); }

                            @Override
                            public void closed(SlaveConnection s) {
                                connections.remove(s);
                                listener.closed(s);
                            }
                        });
                        connections.add(c);
                        ch.pipeline().addLast(new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS),
                                new FixedLengthFrameDecoder(HaFrames.REPORT_LENGTH), c);
                    }
                });
        try {
            serverChannel = b.bind(at).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the checked BindException undeclared
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot listen for HA slaves on " + at.getHostString() + ":"
                    + at.getPort() + " (haListenPort): " + (root.getMessage() != null ? root.getMessage() : root), e);
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting slaves and closes every slave connection; returns when they are closed. */
    synchronized void stop() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            serverChannel = null;
        }
        for (SlaveConnection c : connections) {
            c.close();
        }
        connections.clear();
    }

    synchronized InetSocketAddress boundAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    List<SlaveConnection> connections() {
        return connections;
    }

    /** Tells every connection there may be new data. */
    void wakeAll() {
        for (SlaveConnection c : connections) {
            c.wake();
        }
    }
}
