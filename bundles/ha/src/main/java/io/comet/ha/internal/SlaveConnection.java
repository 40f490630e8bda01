package io.comet.ha.internal;

import io.comet.store.MessageStore;
import io.comet.store.StoredSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's side of one slave connection (see {@link HaFrames}): answers the hello with a handshake, takes the
 * second report as the start point, then streams commit-log chunks as far as the channel is writable and records
 * every later report as the slave's ack. Runs on the channel's event loop only; {@link #ackedOffset()} is read by
 * other threads.
 */
final class SlaveConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveConnection.class);
    private static final long TICK_MS = 10;

    /** What the connection tells its master. */
    interface Listener {
        /** The slave acknowledged a new offset. Called on the event loop. */
        void acked(SlaveConnection c);

        /** The connection is gone. */
        void closed(SlaveConnection c);
    }

    private enum State { AWAIT_HELLO, AWAIT_START, TRANSFER }

    private final MessageStore store;
    private final EpochHistory epochs;
    private final Supplier<HaSettings> settings;
    private final Listener listener;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile State state = State.AWAIT_HELLO;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> tick;
    private long transferFrom;
    private long lastWriteNanos;
    private volatile long acked = -1;
    private volatile String address = "?";

    SlaveConnection(MessageStore store, EpochHistory epochs, Supplier<HaSettings> settings, Listener listener) {
        this.store = store;
        this.epochs = epochs;
        this.settings = settings;
        this.listener = listener;
    }

    /** The slave's last reported log end after the handshake, -1 before. */
    long ackedOffset() {
        return acked;
    }

    String address() {
        return address;
    }

    /** New data may be there: schedule one transfer round on the event loop (coalesced). Any thread. */
    void wake() {
        ChannelHandlerContext c = ctx;
        if (c != null && state == State.TRANSFER && wakeQueued.compareAndSet(false, true)) {
            c.executor().execute(() -> {
                wakeQueued.set(false);
                pump();
            });
        }
    }

    void close() {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        ctx = c;
        address = String.valueOf(c.channel().remoteAddress()).replaceFirst("^/", "");
        lastWriteNanos = System.nanoTime();
        tick = c.executor().scheduleWithFixedDelay(this::onTick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("HA: slave {} connected", address);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (tick != null) {
            tick.cancel(false);
        }
        LOG.info("HA: slave {} disconnected (acked {})", address, acked);
        listener.closed(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            onReport(b.readLong());
        } finally {
            b.release();
        }
    }

    private void onReport(long offset) {
        switch (state) {
            case AWAIT_HELLO -> {
                ctx.writeAndFlush(HaFrames.handshake(ctx.alloc(), store.maxPhyOffset(), epochs.epochs()));
                state = State.AWAIT_START;
            }
            case AWAIT_START -> {
                long end = store.maxPhyOffset();
                long min = store.minPhyOffset();
                if (offset > end || offset < min && !(offset == 0 && min == 0)) {
                    LOG.error("HA: slave {} wants to start at {} but this master holds [{}, {}): closing", address,
                            offset, min, end);
                    ctx.close();
                    return;
                }
                transferFrom = offset;
                acked = offset;
                state = State.TRANSFER;
                LOG.info("HA: slave {} starts at {}", address, offset);
                listener.acked(this);
                pump();
            }
            case TRANSFER -> {
                if (offset > acked) {
                    acked = offset;
                    listener.acked(this);
                }
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        if (c.channel().isWritable()) {
            pump();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext c, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.warn("HA: nothing read from slave {} for haHousekeepingInterval: closing", address);
            c.close();
        } else {
            c.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        LOG.warn("HA: connection to slave {} failed: {}", address, cause.toString());
        c.close();
    }

    private void onTick() {
        if (state != State.TRANSFER) {
            return;
        }
        pump();
        HaSettings s = settings.get();
        if (System.nanoTime() - lastWriteNanos > TimeUnit.MILLISECONDS.toNanos(s.heartbeatMs())
                && ctx.channel().isWritable()) {
            ctx.writeAndFlush(HaFrames.header(ctx.alloc(), transferFrom, 0));
            lastWriteNanos = System.nanoTime();
        }
    }

    /** Sends chunks from {@code transferFrom} while there is data and the channel takes it. */
    private void pump() {
        if (state != State.TRANSFER || !ctx.channel().isActive()) {
            return;
        }
        int batch = settings.get().transferBatchSize();
        boolean wrote = false;
        while (ctx.channel().isWritable() && transferFrom < store.maxPhyOffset()) {
            Optional<StoredSlice> read;
            try {
                read = store.readCommitLog(transferFrom, batch);
            } catch (RuntimeException e) {
                LOG.warn("HA: cannot read the commit log at {} for slave {}: {}", transferFrom, address, e.toString());
                break;
            }
            if (read.isEmpty()) {
                if (transferFrom < store.minPhyOffset()) {
                    LOG.error("HA: slave {} needs offset {} but retention removed everything below {}: closing",
                            address, transferFrom, store.minPhyOffset());
                    ctx.close();
                }
                break;
            }
            StoredSlice slice = read.get();
            int size = slice.size();
            ctx.write(HaFrames.header(ctx.alloc(), transferFrom, size));
            ctx.write(Unpooled.wrappedBuffer(slice.buffer().duplicate())).addListener(f -> slice.release());
            transferFrom += size;
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
            lastWriteNanos = System.nanoTime();
        }
    }
}
