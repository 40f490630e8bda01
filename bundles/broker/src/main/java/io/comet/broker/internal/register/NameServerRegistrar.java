package io.comet.broker.internal.register;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.BrokerSettings;
import io.comet.common.MessageCodec;
import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.common.RegisterBrokerBody;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker registered with every NameServer of {@code namesrvAddr}: REGISTER_BROKER (103) at start, every
 * {@code registerNameServerPeriod} ms, and soon after each topic-table change (requests coalesce: a burst of
 * changes sends one round); UNREGISTER_BROKER (104) on a clean stop.
 *
 * <p>Request header: {@code brokerName}, {@code brokerAddr} (brokerIP1:listenPort), {@code clusterName},
 * {@code haServerAddr} (brokerIP2, or brokerIP1 when empty, : the HA service's port, or the listening port + 1 without one), {@code brokerId} (0 while
 * master, the configured id while SLAVE: {@link BrokerSettings#registeredBrokerId()}), {@code compressed},
 * {@code bodyCrc32} (CRC32 of the body masked to 31 bits), {@code enableActingMaster=false}. A slave takes the
 * master's {@code haServerAddr} from the response header and hands it to the HA service (which ignores it when
 * {@code haMasterAddress} is configured). Body: {@link RegisterBrokerBody}, the topic
 * table with its data version (topic perms cut down to {@code brokerPermission} while that is not read + write),
 * plain JSON or compressed ({@code compressedRegister}). Each NameServer is called
 * on its own; one that fails is logged and retried on the next round.
 */
public final class NameServerRegistrar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqBroker");

    private final BrokerContext ctx;
    private final RemotingClient client;
    private final AtomicBoolean roundRequested = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile ScheduledFuture<?> periodic;
    private volatile int period;
    private volatile boolean closed;

    public NameServerRegistrar(BrokerContext ctx, RemotingClient client) {
        this.ctx = ctx;
        this.client = client;
    }

    /** Registers at once and then every {@code registerNameServerPeriod} ms. */
    public synchronized void start() {
        requestNow();
        schedule(ctx.settings().config().registerNameServerPeriod());
    }

    /** Applies a changed period (the next round follows the new period). */
    public synchronized void settingsChanged() {
        int p = ctx.settings().config().registerNameServerPeriod();
        if (p != period && periodic != null) {
            periodic.cancel(false);
            schedule(p);
        }
    }

    private void schedule(int p) {
        period = p;
        periodic = ctx.scheduler().scheduleWithFixedDelay(this::requestNow, p, p, TimeUnit.MILLISECONDS);
    }

    /** Asks for a registration round soon; rounds requested while one is queued are merged into it. */
    public void requestNow() {
        if (closed || !roundRequested.compareAndSet(false, true)) {
            return;
        }
        ctx.scheduler().execute(() -> {
            roundRequested.set(false);
            registerAll();
        });
    }

    /** One registration round with every NameServer; completes when all answered or failed. */
    public CompletableFuture<Void> registerAll() {
        BrokerSettings s = ctx.settings();
        if (closed || s.namesrvAddrs().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        rounds.incrementAndGet();
        TopicConfigSerializeWrapper topics = limitPerms(ctx.topics().snapshot(), s.config().brokerPermission());
        boolean compressed = s.config().compressedRegister();
        byte[] body = new RegisterBrokerBody(topics, List.of()).encode(compressed);
        int crc = MessageCodec.crc32(body, 0, body.length);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String address : s.namesrvAddrs()) {
            RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER);
            header(request, s);
            int haPort = ctx.replication().haListenPort();
            request.put("haServerAddr", s.haHost() + ":" + (haPort > 0 ? haPort : ctx.server().port() + 1))
                    .put("compressed", compressed)
                    .put("bodyCrc32", crc)
                    .put("enableActingMaster", false)
                    .body(body);
            calls.add(client.invoke(address, request, s.config().registerBrokerTimeoutMills())
                    .handle((response, failure) -> {
                        if (failure != null || response.code() != ResponseCode.SUCCESS) {
                            failures.incrementAndGet();
                            LOG.warn("registerBroker to name server {} failed: {}", address,
                                    failure != null ? failure.toString() : response.code() + " " + response.remark());
                        } else {
                            LOG.debug("registerBroker to name server {} OK, dataVersion {}", address,
                                    topics.dataVersion());
                            if (s.role().isSlave()) {
                                learnMaster(response);
                            }
                        }
                        return null;
                    }));
        }
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
    }

    private void learnMaster(RemotingCommand response) {
        try {
            ctx.replication().masterHaAddress(response.field("haServerAddr"));
        } catch (RuntimeException e) {
            LOG.warn("the NameServer's haServerAddr {} is unusable: {}", response.field("haServerAddr"),
                    e.getMessage());
        }
    }

    /**
     * The table as announced: while the broker is not both readable and writable ({@code brokerPermission}), every
     * topic's perm is cut down to it, so clients stop writing to (or reading from) this broker.
     */
    static TopicConfigSerializeWrapper limitPerms(TopicConfigSerializeWrapper table, int brokerPermission) {
        if (PermName.isReadable(brokerPermission) && PermName.isWriteable(brokerPermission)) {
            return table;
        }
        Map<String, TopicConfig> limited = new LinkedHashMap<>();
        table.topicConfigTable().forEach((name, c) -> limited.put(name, c.withPerm(c.perm() & brokerPermission)));
        return new TopicConfigSerializeWrapper(limited, table.dataVersion());
    }

    /** Unregisters from every NameServer, waiting at most {@code timeoutMillis} in all. */
    public void unregisterAll(long timeoutMillis) {
        BrokerSettings s = ctx.settings();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String address : s.namesrvAddrs()) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_BROKER);
            header(request, s);
            calls.add(client.invoke(address, request, timeoutMillis).handle((r, t) -> {
                if (t != null) {
                    LOG.warn("unregisterBroker from name server {} failed: {}", address, t.toString());
                }
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("unregisterBroker did not finish within {} ms: {}", timeoutMillis, e.toString());
        }
    }

    private void header(RemotingCommand request, BrokerSettings s) {
        request.put("brokerName", s.brokerName())
                .put("brokerAddr", ctx.brokerAddress())
                .put("clusterName", s.clusterName())
                .put("brokerId", s.registeredBrokerId());
    }

    /** Registration rounds started so far. */
    public long rounds() {
        return rounds.get();
    }

    /** Calls to a NameServer that failed so far. */
    public long failures() {
        return failures.get();
    }

    /** Stops the periodic rounds (does not unregister; see {@link #unregisterAll}). */
    @Override
    public synchronized void close() {
        closed = true;
        if (periodic != null) {
            periodic.cancel(false);
        }
    }
}
