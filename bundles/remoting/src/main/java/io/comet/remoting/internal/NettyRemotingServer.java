package io.comet.remoting.internal;

import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ServerSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemotingServer} on Netty's NIO transport: one boss thread accepts, {@code ioThreads} event loops decode
 * and encode, and requests run on the executor groups ({@link ExecutorGroups}). The pipeline is described in
 * {@link RemotingChannelInitializer}, dispatch rules in {@link RequestDispatcher}.
 */
public final class NettyRemotingServer implements RemotingServer {
    /** Queue capacity of each executor group (RocketMQ's request pools hold 10,000 waiting tasks). */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingServer.class);
    private static final long SHUTDOWN_WAIT_MILLIS = 3000;

    private final ServerSettings settings;
    private final ExecutorGroups executors;
    private final ProcessorTable processors;
    private final ChannelEvents events;
    private final HashedWheelTimer timer;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel serverChannel;
    private int port;

    private NettyRemotingServer(ServerSettings settings, int queueCapacity) {
        this.settings = settings;
        this.executors = new ExecutorGroups(settings.name(), settings.executorThreads(),
                settings.defaultExecutorThreads(), queueCapacity);
        this.processors = new ProcessorTable("server " + settings.name());
        this.events = new ChannelEvents(settings.name());
        this.timer = new HashedWheelTimer(new NamedThreadFactory("comet-" + settings.name() + "-timer"),
                10, TimeUnit.MILLISECONDS, 512);
        this.boss = new NioEventLoopGroup(1, new NamedThreadFactory("comet-" + settings.name() + "-accept"));
        this.workers = new NioEventLoopGroup(settings.ioThreads(), new NamedThreadFactory("comet-" + settings.name() + "-io"));
    }

    /** Binds and starts a server with {@link #DEFAULT_QUEUE_CAPACITY} per executor group. */
    public static NettyRemotingServer start(ServerSettings settings) {
        return start(settings, DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * Binds and starts a server.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     * @throws IllegalStateException    if the address cannot be bound
     */
    public static NettyRemotingServer start(ServerSettings settings, int queueCapacity) {
        validate(settings);
        NettyRemotingServer server = new NettyRemotingServer(settings, queueCapacity);
        try {
            server.bind();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static void validate(ServerSettings s) {
        if (s.name() == null || s.name().isBlank()) {
            throw new IllegalArgumentException("server name is empty");
        }
        check(s.port() >= 0 && s.port() <= 65535, s, "port", s.port(), "0-65535");
        check(s.ioThreads() >= 1, s, "ioThreads", s.ioThreads(), "at least 1");
        check(s.defaultExecutorThreads() >= 1, s, "defaultExecutorThreads", s.defaultExecutorThreads(), "at least 1");
        check(s.maxFrameLength() >= 8, s, "maxFrameLength", s.maxFrameLength(), "at least 8");
        check(s.idleSeconds() >= 0, s, "idleSeconds", s.idleSeconds(), "0 (never) or more");
    }

    private static void check(boolean ok, ServerSettings s, String what, int value, String valid) {
        if (!ok) {
            throw new IllegalArgumentException("server '" + s.name() + "': " + what + " " + value + " is invalid, must be " + valid);
        }
    }

    private void bind() {
        RequestDispatcher dispatcher = new RequestDispatcher(processors);
        ChannelLifecycleHandler lifecycle = new ChannelLifecycleHandler(events, "server " + settings.name(), channels);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childHandler(new RemotingChannelInitializer(settings.maxFrameLength(), settings.idleSeconds(),
                        dispatcher, lifecycle, new AtomicInteger(), timer));
        String host = settings.bindAddress() == null || settings.bindAddress().isBlank() ? "0.0.0.0" : settings.bindAddress();
        ChannelFuture f = b.bind(new InetSocketAddress(host, settings.port())).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("server '" + settings.name() + "' cannot listen on " + host + ":"
                    + settings.port() + ": " + f.cause(), f.cause());
        }
        serverChannel = f.channel();
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("Remoting server '{}' listening on {}:{}", settings.name(), host, port);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public AutoCloseable registerProcessor(RequestProcessor processor, String executorGroup, int... codes) {
        return processors.register(processor, executors.get(executorGroup),
                executorGroup == null ? ExecutorGroups.DEFAULT : executorGroup, codes);
    }

    @Override
    public AutoCloseable addChannelListener(ChannelEventListener listener) {
        return events.add(listener);
    }

    /** The I/O event loops, for health checks. */
    public EventLoopGroup eventLoops() {
        return workers;
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return channels.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
        }
        channels.close().awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
        executors.shutdown(SHUTDOWN_WAIT_MILLIS);
        boss.shutdownGracefully(0, SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(0, SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
        boss.terminationFuture().awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
        timer.stop();
        events.shutdown(SHUTDOWN_WAIT_MILLIS);
        LOG.info("Remoting server '{}' on port {} closed", settings.name(), port);
    }
}
