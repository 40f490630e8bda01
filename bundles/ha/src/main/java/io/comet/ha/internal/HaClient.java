package io.comet.ha.internal;

import io.comet.store.MessageStore;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slave's side (see {@link HaFrames}): connects to the master, says hello with its log end, truncates what
 * the master's handshake says diverges ({@link EpochHistory}), reports where to start, then appends every chunk
 * with {@link MessageStore#appendRaw} (the store's dispatch builds consume queues and index) and reports its log
 * end after each read burst and every {@code haSendHeartbeatInterval}. A chunk at an unexpected offset closes the
 * connection; every disconnect reconnects after a backoff (100 ms doubling up to {@code haSendHeartbeatInterval},
 * at most 5 s) and handshakes again. All store writes happen on the channel's event loop, so once
 * {@link #stop()} returned no append is in progress.
 */
final class HaClient {
    private static final Logger LOG = LoggerFactory.getLogger(HaClient.class);
    private static final long MIN_BACKOFF_MS = 100;

    private final EventLoopGroup group;
    private final MessageStore store;
    private final EpochHistory epochs;
    private final Supplier<HaSettings> settings;
    private final InetSocketAddress master;
    private final String label;
    private volatile boolean stopped;
    private volatile boolean connected;
    private volatile Channel channel;
    private long backoffMs = MIN_BACKOFF_MS;
    private ScheduledFuture<?> retry;

    HaClient(EventLoopGroup group, MessageStore store, EpochHistory epochs, Supplier<HaSettings> settings,
             InetSocketAddress master) {
        this.group = group;
        this.store = store;
        this.epochs = epochs;
        this.settings = settings;
        this.master = master;
        this.label = master.getHostString() + ":" + master.getPort();
    }

    InetSocketAddress master() {
        return master;
    }

    /** True while a handshaken connection to the master is up. */
    boolean connected() {
        return connected;
    }

    void start() {
        connect();
    }

    /** Stops for good: no reconnect; returns once the connection is closed (no append in progress). */
    void stop() {
        Channel ch;
        synchronized (this) {
            stopped = true;
            if (retry != null) {
                retry.cancel(false);
            }
            ch = channel;
        }
        if (ch != null) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            // the close completes on the event loop; a read in progress finishes before it
            ch.eventLoop().submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        connected = false;
    }

    private synchronized void connect() {
        if (stopped) {
            return;
        }
        HaSettings s = settings.get();
        InetSocketAddress to = master.isUnresolved() ? new InetSocketAddress(master.getHostString(), master.getPort())
                : master;
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(s.housekeepingMs(), 0, 0, TimeUnit.MILLISECONDS),
                                new LengthFieldBasedFrameDecoder(HaFrames.MAX_FRAME, 8, 4, 0, 0),
                                new Handler());
                    }
                });
        ChannelFuture f = b.connect(to);
        channel = f.channel();
        f.addListener(r -> {
            if (!r.isSuccess()) {
                LOG.debug("HA: cannot connect to master {}: {}", label, r.cause().toString());
                scheduleReconnect();
            }
        });
    }

    private synchronized void scheduleReconnect() {
        connected = false;
        if (stopped) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(Math.max(MIN_BACKOFF_MS, Math.min(settings.get().heartbeatMs(), 5000)), backoffMs * 2);
        retry = group.next().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private boolean handshaken;
        private boolean appended;
        /** The log end as this master left it: after the handshake, then after each copied chunk. */
        private long copiedTo = -1;
        private ScheduledFuture<?> heartbeat;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            long hb = settings.get().heartbeatMs();
            report(ctx);
            heartbeat = ctx.executor().scheduleWithFixedDelay(() -> {
                if (handshaken) {
                    report(ctx);
                }
            }, hb, hb, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            if (handshaken) {
                LOG.info("HA: disconnected from master {} at offset {}", label, store.maxPhyOffset());
            }
            scheduleReconnect();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                long offset = frame.readLong();
                int size = frame.readInt();
                if (offset == HaFrames.HANDSHAKE) {
                    onHandshake(ctx, HaFrames.readHandshake(frame));
                } else if (!handshaken) {
                    throw new IllegalStateException("data before the handshake");
                } else {
                    if (offset == copiedTo && offset < store.maxPhyOffset()) {
                        dropLocalAppend(offset);
                    }
                    if (offset != store.maxPhyOffset()) {
                        LOG.warn("HA: master {} sent offset {} but this log ends at {}: reconnecting", label, offset,
                                store.maxPhyOffset());
                        ctx.close();
                    } else if (size > 0) {
                        store.appendRaw(offset, frame.nioBuffer(frame.readerIndex(), size));
                        copiedTo = offset + size;
                        appended = true;
                    }
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (appended && ctx.channel().isActive()) {
                appended = false;
                report(ctx);
            }
        }

        /**
         * Bytes behind {@code copiedTo} were not sent by this master on this connection: a send that passed the
         * broker's role check just before a demotion and was stored after the handshake. Left there they would
         * diverge undetected (the master streams from this log's end), so they are cut.
         */
        private void dropLocalAppend(long offset) {
            LOG.warn("HA: dropping [{}, {}) appended locally after following master {} began", offset,
                    store.maxPhyOffset(), label);
            store.truncateTo(offset);
        }

        private void onHandshake(ChannelHandlerContext ctx, HaFrames.Handshake h) {
            long end = store.maxPhyOffset();
            long cut = epochs.truncationPoint(h.epochs(), h.masterEnd(), end);
            if (cut < end) {
                if (cut < store.minPhyOffset()) {
                    LOG.error("HA: master {} diverges at {} but this log starts at {}: cannot follow", label, cut,
                            store.minPhyOffset());
                    ctx.close();
                    return;
                }
                LOG.warn("HA: truncating [{}, {}) which master {} does not have (epochs {} vs {})", cut, end, label,
                        epochs.epochs(), h.epochs());
                store.truncateTo(cut);
            }
            epochs.adopt(h.epochs());
            copiedTo = store.maxPhyOffset();
            handshaken = true;
            connected = true;
            synchronized (HaClient.this) {
                backoffMs = MIN_BACKOFF_MS;
            }
            LOG.info("HA: following master {} from offset {}", label, store.maxPhyOffset());
            report(ctx);
        }

        private void report(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(HaFrames.report(ctx.alloc(), store.maxPhyOffset()));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                LOG.warn("HA: nothing from master {} for haHousekeepingInterval: reconnecting", label);
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("HA: connection to master {} failed: {}", label, cause.toString());
            ctx.close();
        }
    }
}
