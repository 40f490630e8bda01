package io.comet.broker.internal.slave;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.BrokerRole;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.broker.internal.consume.offset.SlaveCommits;
import io.comet.broker.internal.consume.retry.DelayOffsetTable;
import io.comet.common.Json;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's metadata sync (RocketMQ's {@code SlaveSynchronize}, fact sheet 4.6): while the broker is a SLAVE, every
 * {@code periodMillis} (3 s) on its own thread, one round:
 * <ol>
 *   <li>find the master's broker address through the NameServers ({@link MasterLocator});</li>
 *   <li>GET_ALL_TOPIC_CONFIG (21): the topic table replaces this broker's when its data version differs;</li>
 *   <li>GET_ALL_CONSUMER_OFFSET (43): every offset consumers committed here ({@link SlaveCommits}) that the master
 *       has lower is handed over with UPDATE_CONSUMER_OFFSET (15, extra header {@code slaveCommit=true}: the master
 *       keeps the larger of its own and the handed offset); then the master's table replaces this broker's, with
 *       the not yet handed-over commits kept where larger. Applied every round (a master's in-memory offsets move
 *       without a version change until it saves them);</li>
 *   <li>GET_ALL_DELAY_OFFSET (45) and GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): replace this broker's tables when
 *       the data version differs.</li>
 * </ol>
 * Everything applied is saved to the store's config folder. A round that cannot reach a master changes nothing and
 * marks the {@link MasterLink} unreachable; one that finished marks it reached (after the hand-over, so consumers
 * are only sent back to a master that already holds their commits).
 *
 * <p>Role changes (the HA service's listener): rounds stop when the broker becomes a master and start again when it
 * becomes a SLAVE.
 */
public final class SlaveMetadataSync implements AutoCloseable {
    /** RocketMQ's classic period. */
    public static final long PERIOD_MILLIS = 3000;
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqBroker");
    static final String SLAVE_COMMIT = "slaveCommit";

    private final BrokerContext ctx;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final DelayOffsetTable delayOffsets;
    private final SlaveCommits commits;
    private final MasterLink link;
    private final long periodMillis;
    private final long timeoutMillis;
    private final ScheduledExecutorService thread;
    private final RemotingClient client;
    private final MasterLocator locator;
    private final Object roundLock = new Object();
    private AutoCloseable roleListener;
    private ScheduledFuture<?> rounds;
    private volatile boolean closed;
    private volatile boolean failing;

    /**
     * @param periodMillis  time between rounds ({@link #PERIOD_MILLIS})
     * @param timeoutMillis bound of each call to a NameServer or the master
     */
    public SlaveMetadataSync(BrokerContext ctx, SubscriptionGroupTable groups, ConsumerOffsetTable offsets,
                             DelayOffsetTable delayOffsets, SlaveCommits commits, MasterLink link,
                             long periodMillis, long timeoutMillis) {
        this.ctx = ctx;
        this.groups = groups;
        this.offsets = offsets;
        this.delayOffsets = delayOffsets;
        this.commits = commits;
        this.link = link;
        this.periodMillis = periodMillis;
        this.timeoutMillis = timeoutMillis;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "comet-slave-sync");
            t.setDaemon(true);
            return t;
        });
        this.client = Remoting.newClient(new ClientSettings(1, (int) Math.min(timeoutMillis, 3000),
                ClientSettings.defaults().maxFrameLength(), 120, ClientSettings.defaults().serializeType()));
        this.locator = new MasterLocator(client, timeoutMillis);
    }

    /** Follows the broker's role from now on: rounds run while it is a SLAVE. */
    public synchronized void start() {
        roleListener = ctx.replication().onRoleChange(role -> thread.execute(() -> roleChanged(role)));
        roleChanged(ctx.replication().role());
    }

    private synchronized void roleChanged(BrokerRole role) {
        if (closed) {
            return;
        }
        if (role.isSlave() && rounds == null) {
            LOG.info("slave metadata sync of {} started (every {} ms)", ctx.settings().brokerName(), periodMillis);
            rounds = thread.scheduleWithFixedDelay(this::roundQuietly, 0, periodMillis, TimeUnit.MILLISECONDS);
        } else if (!role.isSlave() && rounds != null) {
            rounds.cancel(false);
            rounds = null;
            link.lost();
            LOG.info("slave metadata sync of {} stopped: the broker is {}", ctx.settings().brokerName(), role);
        }
    }

    /** True while rounds are scheduled (the broker is a SLAVE). */
    public synchronized boolean running() {
        return rounds != null;
    }

    private void roundQuietly() {
        try {
            boolean ok = round();
            if (ok && failing) {
                LOG.info("slave metadata sync of {} reaches its master {} again", ctx.settings().brokerName(),
                        link.address());
            }
            failing = !ok;
        } catch (RuntimeException e) {
            link.lost();
            if (!failing) {
                LOG.warn("slave metadata sync of {} failed", ctx.settings().brokerName(), e);
            }
            failing = true;
        }
    }

    /** One round (on the sync thread, or a test's; rounds never overlap); false when no master was reached. */
    boolean round() {
        synchronized (roundLock) {
            return syncOnce();
        }
    }

    private boolean syncOnce() {
        if (!ctx.replication().role().isSlave()) {
            link.lost();
            return false;
        }
        String master = locator.masterOf(ctx.settings().namesrvAddrs(), ctx.settings().brokerName());
        if (master == null || master.equals(ctx.brokerAddress())) {
            link.lost();
            return false;
        }
        try {
            TopicConfigSerializeWrapper topics = fetch(master, RequestCode.GET_ALL_TOPIC_CONFIG,
                    TopicConfigSerializeWrapper.class);
            ConsumerOffsetTable.Wrapper masterOffsets = fetch(master, RequestCode.GET_ALL_CONSUMER_OFFSET,
                    ConsumerOffsetTable.Wrapper.class);
            DelayOffsetTable.Wrapper delays = fetch(master, RequestCode.GET_ALL_DELAY_OFFSET,
                    DelayOffsetTable.Wrapper.class);
            SubscriptionGroupTable.Wrapper masterGroups = fetch(master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                    SubscriptionGroupTable.Wrapper.class);
            if (ctx.topics().replaceAll(topics)) {
                LOG.info("slave took the topic table of master {} (dataVersion {})", master, topics.dataVersion());
            }
            Map<String, Map<Integer, Long>> mine = commits.snapshot();
            handOver(master, masterOffsets, mine);
            offsets.adopt(masterOffsets, mine);
            delayOffsets.replaceAll(delays);
            groups.replaceAll(masterGroups);
        } catch (RemotingException e) {
            link.lost();
            if (!failing && !closed) {
                LOG.warn("slave metadata sync with master {} failed: {}", master, e.toString());
            }
            return false;
        }
        link.reached(master);
        return true;
    }

    /** Hands every commit made here that the master has lower to the master; forgets those it now holds. */
    private void handOver(String master, ConsumerOffsetTable.Wrapper masterOffsets,
                          Map<String, Map<Integer, Long>> mine) throws RemotingException {
        for (Map.Entry<String, Map<Integer, Long>> e : mine.entrySet()) {
            String key = e.getKey();
            int at = key.indexOf('@');
            Map<Integer, Long> theirs = masterOffsets.offsetTable().getOrDefault(key, Map.of());
            for (Map.Entry<Integer, Long> q : e.getValue().entrySet()) {
                Long held = theirs.get(q.getKey());
                if (at <= 0 || (held != null && held >= q.getValue())) {
                    commits.handedOver(key, q.getKey(), q.getValue());
                    continue;
                }
                RemotingCommand update = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                        .put("consumerGroup", key.substring(at + 1))
                        .put("topic", key.substring(0, at))
                        .put("queueId", q.getKey())
                        .put("commitOffset", q.getValue())
                        .put(SLAVE_COMMIT, true);
                RemotingCommand answer = client.invokeSync(master, update, timeoutMillis);
                if (answer.code() != ResponseCode.SUCCESS) {
                    LOG.warn("master {} refused the offset {} of {} queue {} committed on this slave: {} {}", master,
                            q.getValue(), key, q.getKey(), answer.code(), answer.remark());
                } else {
                    LOG.info("handed the offset {} of {} queue {} committed on this slave to master {}",
                            q.getValue(), key, q.getKey(), master);
                }
                commits.handedOver(key, q.getKey(), q.getValue());
            }
        }
    }

    private <T> T fetch(String master, int code, Class<T> type) throws RemotingException {
        RemotingCommand answer = client.invokeSync(master, RemotingCommand.request(code), timeoutMillis);
        if (answer.code() != ResponseCode.SUCCESS || answer.body() == null) {
            throw new RemotingException("request code " + code + " to master " + master + " answered "
                    + answer.code() + " " + answer.remark());
        }
        try {
            return Json.fromBytes(answer.body(), type);
        } catch (IllegalArgumentException e) {
            throw new RemotingException("request code " + code + " to master " + master + ": the body is not "
                    + type.getSimpleName() + " JSON: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (rounds != null) {
                rounds.cancel(false);
                rounds = null;
            }
        }
        if (roleListener != null) {
            try {
                roleListener.close();
            } catch (Exception e) {
                LOG.warn("removing the role listener failed", e);
            }
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        link.lost();
    }
}
