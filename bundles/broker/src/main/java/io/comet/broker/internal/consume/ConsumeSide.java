package io.comet.broker.internal.consume;

import io.comet.broker.BrokerConstants;
import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.consume.client.ClientProcessor;
import io.comet.broker.internal.consume.client.ConnectionProcessor;
import io.comet.broker.internal.consume.client.ConsumerIdsNotifier;
import io.comet.broker.internal.consume.client.ConsumerManager;
import io.comet.broker.internal.consume.client.ProducerManager;
import io.comet.broker.internal.consume.group.SubscriptionGroupConfig;
import io.comet.broker.internal.consume.group.SubscriptionGroupProcessor;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.broker.internal.consume.lock.LockProcessor;
import io.comet.broker.internal.consume.lock.QueueLockTable;
import io.comet.broker.internal.consume.offset.ConsumeStatsProcessor;
import io.comet.broker.internal.consume.offset.ConsumeTpsMeter;
import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.broker.internal.consume.offset.OffsetProcessor;
import io.comet.broker.internal.consume.pull.LongPollingService;
import io.comet.broker.internal.consume.pull.PullProcessor;
import io.comet.broker.internal.consume.reset.ResetOffsetProcessor;
import io.comet.broker.internal.consume.retry.DelayOffsetTable;
import io.comet.broker.internal.consume.retry.ScheduleDeliveryService;
import io.comet.broker.internal.consume.retry.SendBackProcessor;
import io.comet.broker.internal.consume.offset.SlaveCommits;
import io.comet.broker.internal.consume.tx.TransactionCheckService;
import io.comet.broker.internal.slave.MasterLink;
import io.comet.broker.internal.slave.SlaveMetadataSync;
import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RequestCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consuming side of a broker, built on a {@link BrokerContext}: create it, {@link #register()} to serve its
 * request codes and start its services, {@link #close()} to stop (before the store closes).
 *
 * <p>Codes and executor groups: PULL_MESSAGE, LITE_PULL_MESSAGE on {@code pull}; HEART_BEAT, UNREGISTER_CLIENT,
 * GET_CONSUMER_LIST_BY_GROUP, CHECK_CLIENT_CONFIG on {@code heartbeat}; CONSUMER_SEND_MSG_BACK on {@code send};
 * offsets, locks, subscription groups, connections and consume statistics on {@code admin}.
 *
 * <p>Background work: long polling (its own timer and resume threads), delayed delivery (one thread), and on one
 * service thread: client expiry (every 10 s), consumer offset saving (every 5 s, and at close), consume rate
 * samples (every 10 s) and the transaction check-back (every {@code transactionCheckInterval}). While the broker
 * is a SLAVE, the {@link SlaveMetadataSync} (its own thread) copies the master's topics, offsets, delay offsets and
 * subscription groups every 3 s and hands back offsets committed on the slave.
 */
public final class ConsumeSide implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeSide.class);
    static final long EXPIRY_SCAN_MILLIS = 10_000;
    static final long OFFSET_PERSIST_MILLIS = 5_000;
    static final long TPS_SAMPLE_MILLIS = 10_000;
    static final long SLAVE_SYNC_TIMEOUT_MILLIS = 3_000;

    private final BrokerContext ctx;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final DelayOffsetTable delayOffsets;
    private final ConsumerManager consumers;
    private final ProducerManager producers = new ProducerManager();
    private final ConsumeTpsMeter meter = new ConsumeTpsMeter();
    private final QueueLockTable locks;
    private final LongPollingService holds;
    private final ScheduleDeliveryService delivery;
    private final TransactionCheckService transactions;
    private final ScheduledExecutorService service;
    private final SlaveCommits slaveCommits = new SlaveCommits();
    private final MasterLink masterLink = new MasterLink();
    private final SlaveMetadataSync slaveSync;
    private final List<AutoCloseable> registrations = new ArrayList<>();
    private volatile boolean closed;

    /** Loads the consumer offsets, subscription groups and delay offsets from the store's config folder. */
    public ConsumeSide(BrokerContext ctx) {
        this.ctx = ctx;
        this.groups = new SubscriptionGroupTable(ctx.store().configFiles(), ctx.clock());
        this.offsets = new ConsumerOffsetTable(ctx.store().configFiles(), ctx.clock());
        this.delayOffsets = new DelayOffsetTable(ctx.store().configFiles(), ctx.clock());
        this.consumers = new ConsumerManager(new ConsumerIdsNotifier(), group -> {
            SubscriptionGroupConfig g = groups.get(group);
            return g == null || g.notifyConsumerIdsChangedEnable();
        });
        this.locks = new QueueLockTable(ctx.clock(), QueueLockTable.DEFAULT_LOCK_MAX_LIVE_MILLIS);
        this.holds = new LongPollingService(ctx.store(), 2);
        this.delivery = new ScheduleDeliveryService(ctx, delayOffsets);
        this.transactions = new TransactionCheckService(ctx, producers, offsets);
        this.slaveSync = new SlaveMetadataSync(ctx, groups, offsets, delayOffsets, slaveCommits, masterLink,
                SlaveMetadataSync.PERIOD_MILLIS, SLAVE_SYNC_TIMEOUT_MILLIS);
        this.service = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "comet-consume-service");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The {@code BrokerPart} entry point: builds the consuming side on {@code ctx} and registers it; the returned
     * side stops it again. Wire it as {@code List.of(ConsumeSide::start)}.
     */
    public static ConsumeSide start(BrokerContext ctx) {
        ConsumeSide side = new ConsumeSide(ctx);
        try {
            side.register();
        } catch (RuntimeException | Error e) {
            side.close();
            throw e;
        }
        return side;
    }

    /** Serves the consuming side's request codes and starts its background work. */
    public synchronized void register() {
        ctx.retryMaxTimesLookup(groups::retryMaxTimes);
        ctx.store().addArrivingListener(holds);
        registrations.add(() -> ctx.store().removeArrivingListener(holds));
        add(new PullProcessor(ctx, consumers, groups, offsets, meter, holds, masterLink::reachable),
                BrokerConstants.EXECUTOR_PULL, PullProcessor.codes());
        add(new ClientProcessor(ctx, consumers, producers, groups), BrokerConstants.EXECUTOR_HEARTBEAT,
                ClientProcessor.codes());
        add(new SendBackProcessor(ctx, groups), BrokerConstants.EXECUTOR_SEND, SendBackProcessor.codes());
        add(new OffsetProcessor(ctx, offsets, groups, slaveCommits), BrokerConstants.EXECUTOR_ADMIN,
                OffsetProcessor.codes());
        add(new ConsumeStatsProcessor(ctx, offsets, consumers, meter), BrokerConstants.EXECUTOR_ADMIN,
                ConsumeStatsProcessor.codes());
        add(new LockProcessor(locks), BrokerConstants.EXECUTOR_ADMIN, LockProcessor.codes());
        add(new SubscriptionGroupProcessor(groups, offsets), BrokerConstants.EXECUTOR_ADMIN,
                SubscriptionGroupProcessor.codes());
        add(new ConnectionProcessor(consumers, producers), BrokerConstants.EXECUTOR_ADMIN,
                ConnectionProcessor.codes());
        add(new ResetOffsetProcessor(ctx, offsets, consumers, groups), BrokerConstants.EXECUTOR_ADMIN,
                ResetOffsetProcessor.codes());
        add((channel, request) -> Responses.done(Responses.json(delayOffsets.snapshot())),
                BrokerConstants.EXECUTOR_ADMIN, RequestCode.GET_ALL_DELAY_OFFSET);
        registrations.add(ctx.addChannelListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                consumers.channelClosed(channel);
                producers.channelClosed(channel);
            }
        }));
        service.scheduleWithFixedDelay(() -> quietly("client expiry", () -> {
            long now = ctx.now();
            consumers.scanExpired(now);
            producers.scanExpired(now);
        }), EXPIRY_SCAN_MILLIS, EXPIRY_SCAN_MILLIS, TimeUnit.MILLISECONDS);
        service.scheduleWithFixedDelay(() -> quietly("saving consumer offsets", () -> offsets.persistIfDirty()),
                OFFSET_PERSIST_MILLIS, OFFSET_PERSIST_MILLIS, TimeUnit.MILLISECONDS);
        service.scheduleWithFixedDelay(() -> quietly("consume rate sample", () -> meter.sample(ctx.now())),
                0, TPS_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        scheduleTransactionCheck();
        delivery.start();
        slaveSync.start();
        LOG.info("consuming side of broker {} serving", ctx.settings().brokerName());
    }

    private void scheduleTransactionCheck() {
        if (closed) {
            return;
        }
        long interval = Math.max(100, ctx.settings().config().transactionCheckInterval());
        service.schedule(() -> {
            quietly("transaction check-back", () -> transactions.check());
            scheduleTransactionCheck();
        }, interval, TimeUnit.MILLISECONDS);
    }

    private void add(io.comet.remoting.RequestProcessor p, String executor, int... codes) {
        registrations.add(ctx.registerProcessor(p, executor, codes));
    }

    /** Consumer groups, for the broker's status and tests. */
    public ConsumerManager consumers() {
        return consumers;
    }

    public ProducerManager producers() {
        return producers;
    }

    public ConsumerOffsetTable offsets() {
        return offsets;
    }

    public SubscriptionGroupTable subscriptionGroups() {
        return groups;
    }

    public LongPollingService longPolling() {
        return holds;
    }

    public TransactionCheckService transactions() {
        return transactions;
    }

    public DelayOffsetTable delayOffsets() {
        return delayOffsets;
    }

    /** Offsets committed here while a SLAVE, not yet handed to the master. */
    public SlaveCommits slaveCommits() {
        return slaveCommits;
    }

    /** The slave's metadata sync (runs while the broker is a SLAVE). */
    public SlaveMetadataSync slaveSync() {
        return slaveSync;
    }

    /** Whether this slave's last sync reached its master. */
    public MasterLink masterLink() {
        return masterLink;
    }

    /** Stops serving, answers held pulls, stops the services and saves offsets and delay progress. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).close();
            } catch (Exception e) {
                LOG.warn("unregistering a consuming-side handler failed", e);
            }
        }
        registrations.clear();
        slaveSync.close();
        holds.close();
        delivery.close();
        service.shutdownNow();
        try {
            service.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        quietly("saving consumer offsets", () -> offsets.persistIfDirty());
        LOG.info("consuming side of broker {} stopped", ctx.settings().brokerName());
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
        }
    }
}
