package io.comet.remoting.internal;

import io.comet.remoting.ClientSettings;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingConnectException;
import io.comet.remoting.RemotingException;
import io.comet.remoting.RemotingTimeoutException;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.SerializeType;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemotingClient} on Netty's NIO transport. One connection per address, opened on first use and again
 * after it closes; requests are multiplexed on it with opaques drawn from one counter and matched to responses
 * by {@link PendingResponses}. A timeout fails only that request and keeps the connection; a closed connection
 * fails every request still waiting on it with {@link RemotingConnectException}. Requests the peer sends on these
 * connections go to processors registered with {@link #registerProcessor}, run on a small client pool.
 *
 * <p>Futures returned by {@link #invoke} complete on an I/O or timer thread: dependent stages that block or work
 * long must use the {@code *Async} variants.
 */
public final class NettyRemotingClient implements RemotingClient {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingClient.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long SHUTDOWN_WAIT_MILLIS = 3000;

    private final ClientSettings settings;
    private final SerializeType serializeType;
    private final String name;
    private final EventLoopGroup group;
    private final HashedWheelTimer timer;
    private final ThreadPoolExecutor executor;
    private final ProcessorTable processors;
    private final ChannelEvents events;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<String, ChannelFuture> connections = new ConcurrentHashMap<>();
    private final AtomicInteger opaques = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Bootstrap bootstrap;
    private final OffLoopResolver resolver;

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public NettyRemotingClient(ClientSettings settings) {
        validate(settings);
        this.settings = settings;
        this.serializeType = settings.serializeType() == null ? SerializeType.JSON : settings.serializeType();
        this.name = "client" + INSTANCES.incrementAndGet();
        this.group = new NioEventLoopGroup(settings.ioThreads(), new NamedThreadFactory("comet-" + name + "-io"));
        this.timer = new HashedWheelTimer(new NamedThreadFactory("comet-" + name + "-timer"), 10, TimeUnit.MILLISECONDS, 512);
        int threads = Math.max(2, settings.ioThreads());
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(NettyRemotingServer.DEFAULT_QUEUE_CAPACITY), new NamedThreadFactory("comet-" + name + "-callback"));
        this.executor.allowCoreThreadTimeOut(true);
        this.processors = new ProcessorTable(name);
        this.events = new ChannelEvents(name);
        this.resolver = new OffLoopResolver(name);
        this.bootstrap = new Bootstrap()
                .group(group)
                .resolver(resolver)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new RemotingChannelInitializer(settings.maxFrameLength(), settings.idleSeconds(),
                        new RequestDispatcher(processors), new ChannelLifecycleHandler(events, name, channels), opaques, timer));
    }

    private static void validate(ClientSettings s) {
        if (s == null) {
            throw new IllegalArgumentException("client settings are null");
        }
        check(s.ioThreads() >= 1, "ioThreads", s.ioThreads(), "at least 1");
        check(s.connectTimeoutMillis() >= 1, "connectTimeoutMillis", s.connectTimeoutMillis(), "at least 1");
        check(s.maxFrameLength() >= 8, "maxFrameLength", s.maxFrameLength(), "at least 8");
        check(s.idleSeconds() >= 0, "idleSeconds", s.idleSeconds(), "0 (never) or more");
    }

    private static void check(boolean ok, String what, int value, String valid) {
        if (!ok) {
            throw new IllegalArgumentException("client setting " + what + " " + value + " is invalid, must be " + valid);
        }
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMillis) {
        if (request == null) {
            throw new IllegalArgumentException("request is null");
        }
        long start = System.nanoTime();
        ChannelFuture connection;
        try {
            connection = connection(address);
        } catch (RemotingConnectException e) {
            request.releaseBody();
            return CompletableFuture.failedFuture(e);
        }
        request.serializeType(serializeType);
        int opaque = opaques.getAndIncrement();
        if (connection.isDone()) {
            return send(connection, address, request, opaque, timeoutMillis, start);
        }
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        io.netty.util.Timeout giveUp = timer.newTimeout(t -> result.completeExceptionally(new RemotingTimeoutException(
                "connecting to " + address + " took longer than the " + timeoutMillis + " ms timeout")),
                Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
        connection.addListener(f -> {
            giveUp.cancel();
            if (result.isDone()) {
                request.releaseBody();
                return;
            }
            send(connection, address, request, opaque, timeoutMillis, start).whenComplete((response, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(response);
                }
            });
        });
        return result;
    }

    private CompletableFuture<RemotingCommand> send(ChannelFuture connection, String address, RemotingCommand request,
                                                    int opaque, long timeoutMillis, long startNanos) {
        if (!connection.isSuccess()) {
            request.releaseBody();
            return CompletableFuture.failedFuture(connectFailure(address, connection.cause()));
        }
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (left <= 0) {
            request.releaseBody();
            return CompletableFuture.failedFuture(new RemotingTimeoutException(
                    "connecting to " + address + " took longer than the " + timeoutMillis + " ms timeout"));
        }
        return NettyRemotingChannel.of(connection.channel()).invoke(request, left, opaque);
    }

    @Override
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis) throws RemotingException {
        if (ThreadExecutorMap.currentExecutor() != null) {
            throw new IllegalStateException("invokeSync must not be called on an event loop thread ("
                    + Thread.currentThread().getName() + "); use invoke() and compose the future");
        }
        CompletableFuture<RemotingCommand> response = invoke(address, request, timeoutMillis);
        try {
            // the future is bounded by its own timers; the extra second only guards against a stopped timer
            return response.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException re) {
                throw re;
            }
            throw new RemotingException("request code " + request.code() + " to " + address + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            response.cancel(false);
            throw new RemotingTimeoutException("no response from " + address + " to request code " + request.code()
                    + " within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemotingException("interrupted while waiting for " + address + " to answer request code " + request.code());
        }
    }

    @Override
    public void invokeOneway(String address, RemotingCommand request, long timeoutMillis) throws RemotingException {
        ChannelFuture connection;
        try {
            connection = connection(address);
        } catch (RemotingConnectException e) {
            request.releaseBody();
            throw e;
        }
        request.serializeType(serializeType);
        if (!connection.isDone()) {
            if (ThreadExecutorMap.currentExecutor() != null) {
                // cannot wait on an event loop: send once connected
                connection.addListener(f -> {
                    if (f.isSuccess()) {
                        NettyRemotingChannel.of(connection.channel()).invokeOneway(request);
                    } else {
                        request.releaseBody();
                        LOG.debug("Oneway request code {} to {} dropped: {}", request.code(), address, f.cause().toString());
                    }
                });
                return;
            }
            if (!connection.awaitUninterruptibly(timeoutMillis)) {
                request.releaseBody();
                throw new RemotingTimeoutException("connecting to " + address + " took longer than " + timeoutMillis + " ms");
            }
        }
        if (!connection.isSuccess()) {
            request.releaseBody();
            throw connectFailure(address, connection.cause());
        }
        NettyRemotingChannel.of(connection.channel()).invokeOneway(request);
    }

    /** The open or opening connection to {@code address}, connecting if there is none. */
    private ChannelFuture connection(String address) throws RemotingConnectException {
        if (closed.get()) {
            throw new RemotingConnectException("client is closed; cannot reach " + address);
        }
        ChannelFuture current = connections.get(address);
        if (usable(current)) {
            return current;
        }
        InetSocketAddress target;
        try {
            target = Addresses.parse(address);
        } catch (IllegalArgumentException e) {
            throw new RemotingConnectException("cannot connect: " + e.getMessage(), e);
        }
        ChannelFuture[] created = new ChannelFuture[1];
        ChannelFuture f = connections.compute(address, (k, old) -> usable(old) ? old : (created[0] = bootstrap.connect(target)));
        if (created[0] != null) {
            ChannelFuture mine = created[0];
            mine.channel().closeFuture().addListener(c -> connections.remove(address, mine));
            LOG.debug("{}: connecting to {}", name, address);
        }
        return f;
    }

    private static boolean usable(ChannelFuture f) {
        return f != null && (!f.isDone() || f.channel().isActive());
    }

    private static RemotingConnectException connectFailure(String address, Throwable cause) {
        return new RemotingConnectException("cannot connect to " + address + ": " + cause, cause);
    }

    @Override
    public AutoCloseable registerProcessor(RequestProcessor processor, int... codes) {
        return processors.register(processor, executor, name, codes);
    }

    @Override
    public void closeConnection(String address) {
        ChannelFuture f = connections.remove(address);
        if (f != null) {
            f.channel().close();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ChannelFuture f : connections.values()) {
            f.channel().close();
        }
        connections.clear();
        boolean onOwnLoop = ThreadExecutorMap.currentExecutor() != null
                && ThreadExecutorMap.currentExecutor().parent() == group;
        channels.close();
        group.shutdownGracefully(0, SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (!onOwnLoop) {
            group.terminationFuture().awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
        }
        timer.stop();
        resolver.close();
        executor.shutdown();
        events.shutdown(SHUTDOWN_WAIT_MILLIS);
    }
}
