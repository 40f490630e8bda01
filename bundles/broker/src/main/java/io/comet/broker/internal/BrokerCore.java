package io.comet.broker.internal;

import io.comet.broker.BrokerConstants;
import io.comet.broker.internal.admin.BrokerConfigProcessor;
import io.comet.broker.internal.admin.MessageQueryProcessor;
import io.comet.broker.internal.admin.RuntimeInfo;
import io.comet.broker.internal.admin.RuntimeInfoProcessor;
import io.comet.broker.internal.admin.TopicAdminProcessor;
import io.comet.broker.internal.admin.TopicStatsProcessor;
import io.comet.broker.internal.message.UniqueKeys;
import io.comet.broker.internal.register.NameServerRegistrar;
import io.comet.broker.internal.send.EndTransactionProcessor;
import io.comet.broker.internal.send.SendMessageProcessor;
import io.comet.broker.internal.topic.SystemTopics;
import io.comet.broker.internal.topic.TopicAutoCreator;
import io.comet.broker.internal.topic.TopicConfigManager;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.DataVersion;
import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.config.ConfigService;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.ServerSettings;
import io.comet.store.MessageStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker, usable without OSGi: the topic table with its system topics, the remoting server (name
 * {@code broker}, executor groups send/pull/admin/heartbeat), the producing side's and admin processors, the
 * {@link BrokerPart}s (the consuming side), NameServer registration and statistics sampling.
 *
 * <p>{@link #update} applies tunables live; {@link #needsRestart} tells the component which changes need a new
 * core (address, name, cluster, thread counts; not {@code brokerId}: a new id re-registers). The role is the HA service's ({@link Replication}); a role change
 * updates the settings and re-registers at once, without touching the server. {@link #close} unregisters from the NameServers, stops the parts,
 * closes the server and saves the topic table.
 */
public final class BrokerCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqBroker");

    private final MessageStore store;
    private final LongSupplier clock;
    private final Supplier<ConfigService> configService;
    private final List<BrokerPart> parts;
    private final Replication replication;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private volatile BrokerSettings settings;
    private volatile DataVersion configVersion;
    private volatile BrokerContext context;
    private TopicConfigManager topics;
    private ScheduledExecutorService scheduler;
    private RemotingServer server;
    private RemotingClient client;
    private NameServerRegistrar registrar;
    private long bootTimestamp;
    private boolean closed;

    /**
     * A broker without replication (always ASYNC_MASTER).
     *
     * @param haAvailable must be false; a broker with replication is built with
     *                    {@link #BrokerCore(BrokerSettings, MessageStore, LongSupplier, Supplier, List, Replication)}
     */
    public BrokerCore(BrokerSettings settings, MessageStore store, LongSupplier clock,
                      Supplier<ConfigService> configService, List<BrokerPart> parts, boolean haAvailable) {
        this(settings, store, clock, configService, parts, Replication.none());
        if (haAvailable) {
            throw new IllegalArgumentException("haAvailable=true needs the HA services: pass a Replication");
        }
    }

    /**
     * @param replication the HA service and gate ({@link Replication#none()} without the HA bundle): the role
     *                    comes from there, and role changes re-register with the NameServers at once without
     *                    restarting the server
     */
    public BrokerCore(BrokerSettings settings, MessageStore store, LongSupplier clock,
                      Supplier<ConfigService> configService, List<BrokerPart> parts, Replication replication) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.configService = configService;
        this.parts = List.copyOf(parts);
        this.replication = replication;
        this.configVersion = DataVersion.initial(clock.getAsLong());
    }

    /** Starts everything; on failure, what was started is stopped again and the exception propagates. */
    public synchronized void start() throws Exception {
        settings = settings.withRole(replication.role());
        bootTimestamp = clock.getAsLong();
        try {
            startAll();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        String boot = "The broker[" + settings.brokerName() + ", " + context.brokerAddress()
                + "] boot success. serializeType=JSON";
        if (!settings.namesrvAddrs().isEmpty()) {
            boot += " and name server is " + String.join(";", settings.namesrvAddrs());
        }
        LOG.info(boot);
    }

    private void startAll() throws Exception {
        topics = new TopicConfigManager(store.configFiles(), clock);
        topics.seed(SystemTopics.of(settings));
        applyAutoCreate(settings.config().autoCreateTopicEnable());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "comet-broker-scheduler");
            t.setDaemon(true);
            return t;
        });
        BrokerSettings s = settings;
        server = Remoting.newServer(ServerSettings.of(BrokerConstants.SERVER_NAME, s.config().bindAddress(),
                        s.config().listenPort())
                .withExecutor(BrokerConstants.EXECUTOR_SEND, s.sendThreads())
                .withExecutor(BrokerConstants.EXECUTOR_PULL, s.pullThreads())
                .withExecutor(BrokerConstants.EXECUTOR_ADMIN, s.adminThreads())
                .withExecutor(BrokerConstants.EXECUTOR_HEARTBEAT, s.heartbeatThreads())
                .withIdleSeconds(s.config().serverChannelMaxIdleTimeSeconds()));
        client = Remoting.newClient(ClientSettings.defaults());
        NameServerRegistrar[] holder = new NameServerRegistrar[1];
        BrokerContext ctx = new BrokerContext(s, store, topics, server, clock, scheduler,
                () -> holder[0].requestNow(), configService, replication);
        registrar = new NameServerRegistrar(ctx, client);
        holder[0] = registrar;
        topics.onChange(registrar::requestNow);
        context = ctx;
        registerProcessors(ctx);
        for (BrokerPart part : parts) {
            started.push(part.start(ctx));
        }
        scheduler.scheduleAtFixedRate(() -> ctx.stats().sample(clock.getAsLong()), 0, 1, TimeUnit.SECONDS);
        started.push(replication.onRoleChange(this::roleChanged));
        BrokerRole now = replication.role();
        if (now != settings.role()) {
            settings = settings.withRole(now);
            ctx.settings(settings);
        }
        registrar.start();
    }

    /**
     * After the HA service changed the role (it owns {@code brokerRole}): the settings carry the new role (the
     * consuming side reads it there) and the broker re-registers at once with the id of its new role
     * ({@link BrokerSettings#registeredBrokerId()}). The server and client connections stay as they are.
     */
    private void roleChanged(BrokerRole role) {
        BrokerContext ctx;
        synchronized (this) {
            ctx = context;
            if (ctx == null || closed) {
                return;
            }
            settings = settings.withRole(role);
            ctx.settings(settings);
        }
        LOG.info("The broker[{}, {}] is now {}; registering with brokerId {}", settings.brokerName(),
                ctx.brokerAddress(), role, settings.registeredBrokerId());
        registrar.requestNow();
    }

    private void registerProcessors(BrokerContext ctx) {
        TopicAutoCreator creator = new TopicAutoCreator(topics, () -> ctx.settings().config().autoCreateTopicEnable());
        UniqueKeys uniqueKeys = new UniqueKeys(ctx.storeHost().getAddress());
        started.push(ctx.registerProcessor(new SendMessageProcessor(ctx, creator, uniqueKeys),
                BrokerConstants.EXECUTOR_SEND, SendMessageProcessor.codes()));
        started.push(ctx.registerProcessor(new EndTransactionProcessor(ctx), BrokerConstants.EXECUTOR_SEND,
                EndTransactionProcessor.codes()));
        started.push(ctx.registerProcessor(new TopicAdminProcessor(ctx), BrokerConstants.EXECUTOR_ADMIN,
                TopicAdminProcessor.codes()));
        started.push(ctx.registerProcessor(new TopicStatsProcessor(ctx), BrokerConstants.EXECUTOR_ADMIN,
                TopicStatsProcessor.codes()));
        started.push(ctx.registerProcessor(new RuntimeInfoProcessor(new RuntimeInfo(ctx, bootTimestamp)),
                BrokerConstants.EXECUTOR_ADMIN, RuntimeInfoProcessor.codes()));
        started.push(ctx.registerProcessor(new BrokerConfigProcessor(ctx,
                        () -> Configurations.describe(BrokerConfiguration.class, settings.config()), () -> configVersion),
                BrokerConstants.EXECUTOR_ADMIN, BrokerConfigProcessor.codes()));
        started.push(ctx.registerProcessor(new MessageQueryProcessor(ctx), BrokerConstants.EXECUTOR_ADMIN,
                MessageQueryProcessor.codes()));
    }

    /**
     * TBW102 serves as template (perm 7) exactly while auto-create is on; when it is turned off an existing TBW102
     * loses INHERIT, so producers get TOPIC_NOT_EXIST for unknown topics.
     */
    private void applyAutoCreate(boolean enabled) {
        String key = TopicNames.AUTO_CREATE_TOPIC_KEY;
        if (enabled) {
            int n = settings.config().defaultTopicQueueNums();
            topics.putIfAbsent(TopicConfig.of(key, n, n).withPerm(PermName.PERM_READ_WRITE | PermName.PERM_INHERIT));
            topics.update(key, c -> c.withPerm(c.perm() | PermName.PERM_INHERIT));
        } else {
            topics.update(key, c -> c.withPerm(c.perm() & ~PermName.PERM_INHERIT));
        }
    }

    /** True when going from the running settings to {@code next} needs a new core (a restart of the server). */
    public boolean needsRestart(BrokerSettings next) {
        BrokerSettings s = settings;
        return !s.config().bindAddress().equals(next.config().bindAddress())
                || s.config().listenPort() != next.config().listenPort()
                || !s.brokerName().equals(next.brokerName()) || !s.clusterName().equals(next.clusterName())
                || !s.brokerIP1().equals(next.brokerIP1())
                || s.sendThreads() != next.sendThreads()
                || s.pullThreads() != next.pullThreads() || s.adminThreads() != next.adminThreads()
                || s.heartbeatThreads() != next.heartbeatThreads()
                || s.config().serverSelectorThreads() != next.config().serverSelectorThreads()
                || s.config().serverChannelMaxIdleTimeSeconds() != next.config().serverChannelMaxIdleTimeSeconds();
    }

    /** Applies tunables live (registration period and NameServers, auto-create, permissions, delay levels, ...). */
    public synchronized void update(BrokerSettings next) {
        BrokerSettings previous = settings;
        next = next.withRole(replication.role());
        settings = next;
        configVersion = configVersion.next(clock.getAsLong());
        BrokerContext ctx = context;
        if (ctx == null) {
            return;
        }
        ctx.settings(next);
        if (previous.config().autoCreateTopicEnable() != next.config().autoCreateTopicEnable()) {
            applyAutoCreate(next.config().autoCreateTopicEnable());
        }
        registrar.settingsChanged();
        if (!previous.namesrvAddrs().equals(next.namesrvAddrs())
                || previous.config().brokerPermission() != next.config().brokerPermission()
                || previous.registeredBrokerId() != next.registeredBrokerId()) {
            registrar.requestNow();
        }
    }

    /** The running context (null before start and after close). */
    public BrokerContext context() {
        return context;
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** Figures for the status source. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        BrokerContext ctx = context;
        if (ctx == null) {
            m.put("state", "stopped");
            return m;
        }
        BrokerSettings s = settings;
        m.put("state", "running");
        m.put("brokerClusterName", s.clusterName());
        m.put("brokerName", s.brokerName());
        m.put("brokerId", s.registeredBrokerId());
        m.put("brokerAddr", ctx.brokerAddress());
        m.put("brokerRole", s.role());
        m.put("brokerPermission", PermName.toString(s.config().brokerPermission()));
        m.put("namesrvAddr", String.join(";", s.namesrvAddrs()));
        m.put("topics", topics.all().size());
        m.put("topicDataVersion", topics.dataVersion().counter());
        m.put("registrations", registrar.rounds());
        m.put("registrationFailures", registrar.failures());
        m.put("putTotal", ctx.stats().putTotal());
        m.put("putTps", ctx.stats().putTps());
        m.put("getTotal", ctx.stats().getTotal());
        return m;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        BrokerContext ctx = context;
        context = null;
        if (registrar != null) {
            registrar.close();
            registrar.unregisterAll(3000);
        }
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Stopping a broker part failed: {}", e.toString(), e);
            }
        }
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (topics != null) {
            try {
                topics.persist();
            } catch (RuntimeException e) {
                LOG.warn("Saving the topic table failed: {}", e.toString());
            }
        }
        if (ctx != null) {
            LOG.info("The broker[{}, {}] shut down", settings.brokerName(), ctx.brokerAddress());
        }
    }
}
