package io.comet.broker.internal;

import io.comet.broker.internal.topic.TopicConfigManager;
import io.comet.config.ConfigService;
import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestProcessor;
import io.comet.store.MessageStore;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What the parts of a running broker share: settings, store, topic table, the listening server, clock and a
 * scheduler. The producing side ({@code internal.send}, {@code internal.admin}) and the consuming side
 * ({@code internal.consume}) each take one and register their processors on it.
 *
 * <p>In OSGi the {@code Broker} component registers its context as a service (class
 * {@code io.comet.broker.internal.BrokerContext}, private to the bundle) once the server listens and the system
 * topics exist, so components of this bundle can reference it; it unregisters it before it stops.
 */
public final class BrokerContext {
    /** Retry limit of a group whose subscription says nothing else (RocketMQ's {@code retryMaxTimes}). */
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    private volatile BrokerSettings settings;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final RemotingServer server;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final Runnable registrationRequest;
    private final Supplier<ConfigService> configService;
    private final Replication replication;
    private final BrokerStats stats = new BrokerStats();
    private volatile ToIntFunction<String> retryMaxTimes = group -> DEFAULT_RETRY_MAX_TIMES;
    private volatile StoreHost storeHost;

    /**
     * @param registrationRequest asks for a registration with every NameServer now (asynchronously)
     * @param configService       the configuration service, or a supplier of null when there is none
     */
    public BrokerContext(BrokerSettings settings, MessageStore store, TopicConfigManager topics,
                         RemotingServer server, LongSupplier clock, ScheduledExecutorService scheduler,
                         Runnable registrationRequest, Supplier<ConfigService> configService) {
        this(settings, store, topics, server, clock, scheduler, registrationRequest, configService,
                Replication.none());
    }

    /** As the other constructor, with the broker's link to replication (role, SYNC waits, HA address). */
    public BrokerContext(BrokerSettings settings, MessageStore store, TopicConfigManager topics,
                         RemotingServer server, LongSupplier clock, ScheduledExecutorService scheduler,
                         Runnable registrationRequest, Supplier<ConfigService> configService,
                         Replication replication) {
        this.replication = Objects.requireNonNull(replication, "replication");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.server = Objects.requireNonNull(server, "server");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.registrationRequest = Objects.requireNonNull(registrationRequest, "registrationRequest");
        this.configService = configService == null ? () -> null : configService;
    }

    /** The settings in force (replaced as a whole when the configuration changes). */
    public BrokerSettings settings() {
        return settings;
    }

    /** Replaces the settings; called by the broker component on {@code @Modified}. */
    public void settings(BrokerSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
    }

    /** Replication: the role the HA service holds, the SYNC_MASTER wait after an append, the HA address. */
    public Replication replication() {
        return replication;
    }

    public MessageStore store() {
        return store;
    }

    public TopicConfigManager topics() {
        return topics;
    }

    /** The listening server (its {@link RemotingServer#port()} is the real port when configured with 0). */
    public RemotingServer server() {
        return server;
    }

    /** {@code brokerIP1:port}, the address announced to NameServers and stored as store host. */
    public String brokerAddress() {
        return settings.brokerIP1() + ":" + server.port();
    }

    /**
     * {@link #brokerAddress()} as a socket address: the store host of every record this broker writes (part of
     * the offset message id clients use to find the broker). A host name in {@code brokerIP1} is resolved once.
     */
    public InetSocketAddress storeHost() {
        BrokerSettings s = settings;
        StoreHost cached = storeHost;
        if (cached != null && cached.settings() == s) {
            return cached.host();
        }
        InetSocketAddress h = Hosts.parse(s.brokerIP1() + ":" + server.port());
        if (h.getPort() == 0) {
            h = new InetSocketAddress(s.brokerIP1(), server.port());
        }
        storeHost = new StoreHost(s, h);
        return h;
    }

    private record StoreHost(BrokerSettings settings, InetSocketAddress host) {}

    /** Message counters (the send side counts puts, the consuming side gets). */
    public BrokerStats stats() {
        return stats;
    }

    /** Wall-clock time in ms (a fake in tests). */
    public long now() {
        return clock.getAsLong();
    }

    public LongSupplier clock() {
        return clock;
    }

    /** Shared scheduler for periodic broker work; tasks must be short and must not block. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Serves {@code codes} on the executor {@code group} (see {@code BrokerConstants.EXECUTOR_*}). */
    public AutoCloseable registerProcessor(RequestProcessor processor, String group, int... codes) {
        return server.registerProcessor(processor, group, codes);
    }

    public AutoCloseable addChannelListener(ChannelEventListener listener) {
        return server.addChannelListener(listener);
    }

    /** Re-registers with every NameServer soon (topic table changes do this by themselves). */
    public void requestRegistration() {
        registrationRequest.run();
    }

    public Optional<ConfigService> configService() {
        return Optional.ofNullable(configService.get());
    }

    /** Retry limit of {@code group} (the subscription group's {@code retryMaxTimes}). */
    public int retryMaxTimes(String group) {
        return retryMaxTimes.applyAsInt(group);
    }

    /** Installs the lookup of groups' retry limits (the consuming side owns subscription groups). */
    public void retryMaxTimesLookup(ToIntFunction<String> lookup) {
        this.retryMaxTimes = lookup == null ? group -> DEFAULT_RETRY_MAX_TIMES : lookup;
    }
}
