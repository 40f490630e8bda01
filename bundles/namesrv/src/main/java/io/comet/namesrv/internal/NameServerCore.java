package io.comet.namesrv.internal;

import io.comet.config.ConfigService;
import io.comet.namesrv.Namesrv;
import io.comet.namesrv.internal.kv.KvConfigStore;
import io.comet.namesrv.internal.processor.BrokerRequestProcessor;
import io.comet.namesrv.internal.processor.ClientRequestProcessor;
import io.comet.namesrv.internal.processor.KvConfigProcessor;
import io.comet.namesrv.internal.processor.NamesrvConfigProcessor;
import io.comet.namesrv.internal.processor.NamesrvProcessor;
import io.comet.namesrv.internal.processor.RouteAdminProcessor;
import io.comet.namesrv.internal.processor.Tunables;
import io.comet.namesrv.internal.route.BrokerRegistry;
import io.comet.namesrv.internal.route.RouteQueries;
import io.comet.namesrv.internal.route.RouteTables;
import io.comet.namesrv.internal.route.TopicAdmin;
import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.ServerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running NameServer without OSGi: route tables, KV store, request processors, the listening server and the
 * scan for silent brokers. The DS component {@link NameServer} wraps it; tests use it directly.
 *
 * <p>Requests run on two executor groups of the server: {@value #CLIENT_EXECUTOR} for GET_ROUTEINFO_BY_TOPIC
 * ({@code clientRequestThreadPoolNums}) and {@value #DEFAULT_EXECUTOR} for the rest ({@code defaultThreadPoolNums}).
 * Not thread-safe for lifecycle calls ({@link #start}, {@link #update}, {@link #close}); they are synchronized.
 */
public final class NameServerCore implements AutoCloseable {
    static final String CLIENT_EXECUTOR = "client";
    static final String DEFAULT_EXECUTOR = "default";
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqNamesrv");

    /** Told when the listening server changes, so it can be published for whiteboard processors. */
    public interface ServerListener {
        void bound(RemotingServer server);

        void unbinding(RemotingServer server);
    }

    private final RouteTables tables;
    private final BrokerRegistry brokers;
    private final RouteQueries routes;
    private final TopicAdmin topicAdmin;
    private final KvConfigStore kv;
    private final ServerListener serverListener;
    private final LongSupplier clock;
    private final long startedAt;
    private final List<NamesrvProcessor> processors;
    private volatile NamesrvSettings settings;
    private volatile Tunables tunables;
    private RemotingServer server;
    private final List<AutoCloseable> serverRegistrations = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> scan;

    /**
     * @param configService the node's configuration service (may supply {@code null})
     * @param ownConfig     this NameServer's configuration as key/value text, for GET_NAMESRV_CONFIG without service
     */
    public NameServerCore(NamesrvSettings settings, LongSupplier clock, Supplier<ConfigService> configService,
                          Supplier<Map<String, String>> ownConfig, ServerListener serverListener) {
        this.settings = settings;
        this.tunables = settings.tunables();
        this.clock = clock;
        this.startedAt = clock.getAsLong();
        this.serverListener = serverListener;
        this.tables = new RouteTables(clock);
        applyRouteTunables(settings);
        this.brokers = new BrokerRegistry(tables);
        this.routes = new RouteQueries(tables);
        this.topicAdmin = new TopicAdmin(tables);
        this.kv = new KvConfigStore(settings.kvConfigPath());
        this.processors = List.of(
                new ClientRequestProcessor(routes, kv, () -> tunables),
                new BrokerRequestProcessor(brokers, kv, () -> tunables),
                new RouteAdminProcessor(routes, topicAdmin, () -> tunables),
                new KvConfigProcessor(kv),
                new NamesrvConfigProcessor(configService, () -> tunables, ownConfig));
    }

    /** Loads the KV configuration, binds the server, starts the scan and logs the boot line. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("NameServer already started");
        }
        kv.load();
        bind(settings);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "NSScanNotActiveBroker");
            thread.setDaemon(true);
            return thread;
        });
        scheduleScan(settings.scanIntervalMillis());
        LOG.info("The Name Server boot success. serializeType=JSON");
        LOG.info("NameServer listening on {}", listenAddress());
    }

    private void bind(NamesrvSettings s) {
        ServerSettings serverSettings = new ServerSettings(Namesrv.SERVER_NAME, s.bindAddress(), s.listenPort(),
                s.ioThreads(), Map.of(CLIENT_EXECUTOR, s.clientThreads(), DEFAULT_EXECUTOR, s.defaultThreads()),
                s.defaultThreads(), ServerSettings.DEFAULT_MAX_FRAME, s.idleSeconds());
        RemotingServer srv = Remoting.newServer(serverSettings);
        try {
            for (NamesrvProcessor p : processors) {
                String group = p instanceof ClientRequestProcessor ? CLIENT_EXECUTOR : DEFAULT_EXECUTOR;
                serverRegistrations.add(srv.registerProcessor(p, group, p.codes()));
            }
            serverRegistrations.add(srv.addChannelListener(new ChannelEventListener() {
                @Override
                public void onClose(RemotingChannel channel) {
                    brokers.channelClosed(channel);
                }
            }));
        } catch (RuntimeException e) {
            srv.close();
            serverRegistrations.clear();
            throw e;
        }
        server = srv;
        if (serverListener != null) {
            serverListener.bound(srv);
        }
    }

    private void unbind() {
        RemotingServer srv = server;
        if (srv == null) {
            return;
        }
        if (serverListener != null) {
            serverListener.unbinding(srv);
        }
        for (AutoCloseable reg : serverRegistrations) {
            try {
                reg.close();
            } catch (Exception e) {
                LOG.debug("unregistering from the server failed", e);
            }
        }
        serverRegistrations.clear();
        srv.close();
        server = null;
    }

    private void scheduleScan(long intervalMillis) {
        if (scan != null) {
            scan.cancel(false);
        }
        scan = scheduler.scheduleWithFixedDelay(this::scanQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void scanQuietly() {
        try {
            brokers.scanExpired();
        } catch (RuntimeException e) {
            LOG.error("scanNotActiveBroker failed", e);
        }
    }

    private void applyRouteTunables(NamesrvSettings s) {
        tables.defaultExpiryMillis(s.expiryMillis());
        tables.supportActingMaster(s.supportActingMaster());
        tables.deleteTopicWithBrokerRegistration(s.deleteTopicWithBrokerRegistration());
    }

    /**
     * Applies a changed configuration: tunables at once; a new KV path moves the store; a changed address or
     * thread count rebinds the server, closing its connections. If the new address cannot be bound the old one
     * is bound again and the error is thrown.
     */
    public synchronized void update(NamesrvSettings next) throws IOException {
        NamesrvSettings previous = settings;
        applyRouteTunables(next);
        tunables = next.tunables();
        if (!next.kvConfigPath().equals(previous.kvConfigPath())) {
            kv.relocate(next.kvConfigPath());
        }
        if (scheduler != null && next.scanIntervalMillis() != previous.scanIntervalMillis()) {
            scheduleScan(next.scanIntervalMillis());
        }
        settings = next;
        if (server != null && previous.needsRebind(next)) {
            LOG.info("NameServer rebinding from {}:{} to {}:{}; open connections close", previous.bindAddress(),
                    server.port(), next.bindAddress(), next.listenPort());
            unbind();
            try {
                bind(next);
            } catch (RuntimeException e) {
                LOG.error("NameServer cannot bind {}:{}, returning to {}:{}", next.bindAddress(), next.listenPort(),
                        previous.bindAddress(), previous.listenPort(), e);
                settings = previous;
                bind(previous);
                throw e;
            }
            LOG.info("NameServer listening on {}", listenAddress());
        }
    }

    /** The listening server, or {@code null} when stopped. */
    public synchronized RemotingServer server() {
        return server;
    }

    /** {@code bindAddress:port} actually listened on, or {@code null} when stopped. */
    public synchronized String listenAddress() {
        return server == null ? null : settings.bindAddress() + ":" + server.port();
    }

    public NamesrvSettings settings() {
        return settings;
    }

    public BrokerRegistry brokers() {
        return brokers;
    }

    public RouteQueries routes() {
        return routes;
    }

    public TopicAdmin topicAdmin() {
        return topicAdmin;
    }

    public KvConfigStore kv() {
        return kv;
    }

    /** Figures for {@code mq:status}: listen address, brokers, broker names, clusters, topics, uptime. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("listen", listenAddress());
        Map<String, Integer> counts = routes.counts();
        status.put("brokers", counts.get("brokers"));
        status.put("brokerNames", counts.get("brokerNames"));
        status.put("clusters", counts.get("clusters"));
        status.put("topics", counts.get("topics"));
        status.put("kvNamespaces", kv.namespaces());
        status.put("kvConfigPath", kv.file());
        status.put("uptime", Duration.ofMillis(Math.max(0, clock.getAsLong() - startedAt)).withNanos(0));
        return status;
    }

    /** Stops scanning and listening. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        unbind();
    }
}
