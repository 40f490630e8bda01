package io.comet.ha.internal;

import io.comet.ha.HaRole;
import io.comet.ha.HaService;
import io.comet.ha.HaStatus;
import io.comet.ha.ReplicationGate;
import io.comet.ha.SlaveState;
import io.comet.store.MessageStore;
import io.comet.store.PutStatus;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HA service of one store: the role, the master's {@link HaServer} or the slave's {@link HaClient}, the SYNC
 * waiters and the ordered role hand-overs documented on {@link HaService}. One Netty event-loop group (2 threads)
 * carries the HA connections, the ack events and the 10 ms waiter-expiry tick.
 *
 * <p>The replicated offset that completes SYNC waiters is the k-th highest ack among connected slaves, k =
 * {@link HaSettings#requiredSlaveAcks()}. It is recomputed on every ack and when a slave leaves.
 *
 * <p>A SYNC_MASTER answers SLAVE_NOT_AVAILABLE at once only when fewer than k connected slaves can be in sync. A
 * slave still in its handshake (connected, start not yet reported: a slave connecting or reconnecting) counts
 * when the highest ack any slave gave in this master term (0 before the first) is within
 * {@code haSlaveFallbehindMax} of the append, as RocketMQ's master judges by its connection count and its highest
 * slave ack (which starts at 0): the append then waits for that slave's ack (up to {@code slaveTimeout}, then
 * FLUSH_SLAVE_TIMEOUT) instead of failing in the few milliseconds a handshake takes.
 */
public final class DefaultHaService implements HaService, ReplicationGate, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultHaService.class);
    private static final CompletableFuture<PutStatus> OK = CompletableFuture.completedFuture(PutStatus.PUT_OK);
    private static final CompletableFuture<PutStatus> NO_SLAVE =
            CompletableFuture.completedFuture(PutStatus.SLAVE_NOT_AVAILABLE);

    private final MessageStore store;
    private final EpochHistory epochs;
    private final EventLoopGroup group;
    private final SyncWaiters waiters = new SyncWaiters();
    private final HaServer server;
    private final ScheduledFuture<?> expiry;
    private volatile HaSettings settings;
    private volatile HaRole role;
    private volatile HaClient client;
    private volatile String learnedMasterAddress;
    /** The highest offset any slave acknowledged since this node last became master; -1 before the first ack. */
    private final AtomicLong highestAck = new AtomicLong(-1);
    private final String bindHost;
    private final List<Consumer<HaRole>> roleListeners = new CopyOnWriteArrayList<>();
    private boolean closed;

    /** Opens the epoch file of {@code store} and enters the configured role; a master listens on all interfaces. */
    public DefaultHaService(MessageStore store, HaSettings settings) {
        this(store, settings, null);
    }

    /**
     * As {@link #DefaultHaService(MessageStore, HaSettings)}, a master listening on {@code bindHost} only (null:
     * all interfaces; tests use 127.0.0.1).
     */
    public DefaultHaService(MessageStore store, HaSettings settings, String bindHost) {
        this.store = store;
        this.bindHost = bindHost == null || bindHost.isBlank() || "0.0.0.0".equals(bindHost.trim()) ? null
                : bindHost.trim();
        this.settings = settings;
        this.epochs = EpochHistory.load(store.configFiles());
        this.group = new NioEventLoopGroup(2, new DefaultThreadFactory("comet-ha", true));
        this.server = new HaServer(group, store, epochs, () -> this.settings, new SlaveConnection.Listener() {
            @Override
            public void acked(SlaveConnection c) {
                highestAck.accumulateAndGet(c.ackedOffset(), Math::max);
                recomputeReplicated();
            }

            @Override
            public void closed(SlaveConnection c) { recomputeReplicated(); }
        });
        this.expiry = group.next().scheduleWithFixedDelay(() -> waiters.expire(System.nanoTime()), 10, 10,
                TimeUnit.MILLISECONDS);
        try {
            if (settings.role().isMaster()) {
                becomeMaster(settings.role());
            } else {
                role = HaRole.SLAVE;
                follow(null);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ gate

    @Override
    public CompletableFuture<PutStatus> awaitReplicated(long nextOffset) {
        HaRole r = role;
        if (r == HaRole.ASYNC_MASTER) {
            server.wakeAll();
            return OK;
        }
        if (r == HaRole.SLAVE) {
            return NO_SLAVE;
        }
        server.wakeAll();
        HaSettings s = settings;
        if (inSyncSlaves(nextOffset, s) < s.requiredSlaveAcks()) {
            return NO_SLAVE;
        }
        return waiters.add(nextOffset, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.slaveTimeoutMs()));
    }

    /** Slaves that can hold {@code masterEnd} in time; a handshaking one is judged by {@link #highestAck} (or 0). */
    private int inSyncSlaves(long masterEnd, HaSettings s) {
        int n = 0;
        for (SlaveConnection c : server.connections()) {
            long a = c.ackedOffset();
            if (a < 0) {
                a = Math.max(0, highestAck.get());
            }
            if (a >= 0 && masterEnd - a <= s.slaveFallbehindMax()) {
                n++;
            }
        }
        return n;
    }

    private void recomputeReplicated() {
        waiters.replicatedTo(replicatedOffset());
    }

    /** The k-th highest ack among connected slaves, -1 when fewer than k slaves have acked. */
    private long replicatedOffset() {
        int k = settings.requiredSlaveAcks();
        List<Long> acks = new ArrayList<>();
        for (SlaveConnection c : server.connections()) {
            long a = c.ackedOffset();
            if (a >= 0) {
                acks.add(a);
            }
        }
        if (acks.size() < k) {
            return -1;
        }
        acks.sort(null);
        return acks.get(acks.size() - k);
    }

    // ------------------------------------------------------------------ roles

    @Override
    public HaRole role() {
        return role;
    }

    @Override
    public synchronized void changeRole(HaRole newRole, String masterHaAddress) {
        if (closed) {
            throw new IllegalStateException("the HA service is closed");
        }
        HaRole old = role;
        if (newRole == old) {
            if (newRole == HaRole.SLAVE && masterHaAddress != null) {
                follow(masterHaAddress);
            }
            return;
        }
        LOG.info("HA: role change {} -> {}", old, newRole);
        if (old.isMaster() && newRole.isMaster()) {
            switchMasterMode(newRole);
        } else if (newRole.isMaster()) {
            promote(newRole);
        } else {
            demote(masterHaAddress);
        }
        settings = settings.withRole(newRole);
        LOG.info("HA: role is now {}", newRole);
        for (Consumer<HaRole> l : roleListeners) {
            try {
                l.accept(newRole);
            } catch (RuntimeException e) {
                LOG.warn("HA: a role listener failed: {}", e.toString(), e);
            }
        }
    }

    @Override
    public AutoCloseable addRoleListener(Consumer<HaRole> listener) {
        roleListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return () -> roleListeners.remove(listener);
    }

    @Override
    public int haListenPort() {
        InetSocketAddress bound = server.boundAddress();
        return bound != null ? bound.getPort() : settings.haListenPort();
    }

    /** ASYNC -> SYNC: only later gate calls wait. SYNC -> ASYNC: every pending waiter completes PUT_OK now. */
    private void switchMasterMode(HaRole newRole) {
        if (newRole == HaRole.SYNC_MASTER) {
            waiters.open();
            recomputeReplicated();
            role = newRole;
        } else {
            role = newRole;
            waiters.close(PutStatus.PUT_OK);
        }
    }

    /**
     * SLAVE -> master: stop following, drop a partial tail, new epoch, confirm = end, serve writes and slaves. When
     * the HA port cannot be bound the node stays SLAVE, follows its master again and the exception (naming
     * {@code haListenPort}) propagates; the epoch started meanwhile is harmless (the next handshake replaces it).
     */
    private void promote(HaRole newRole) {
        HaClient c = client;
        client = null;
        if (c != null) {
            c.stop();
        }
        long boundary = LogBoundary.lastEntryEnd(store);
        if (boundary < store.maxPhyOffset()) {
            LOG.warn("HA: dropping the partial entry [{}, {}) copied from the old master", boundary,
                    store.maxPhyOffset());
            store.truncateTo(boundary);
        }
        try {
            becomeMaster(newRole);
        } catch (RuntimeException e) {
            LOG.error("HA: promotion to {} failed, staying SLAVE and following again: {}", newRole, e.getMessage());
            follow(null);
            throw e;
        }
    }

    private void becomeMaster(HaRole newRole) {
        EpochHistory.Epoch e = epochs.startEpoch(store.maxPhyOffset());
        store.confirmOffset(-1);
        highestAck.set(-1);
        InetSocketAddress bound = server.start(bindHost == null ? new InetSocketAddress(settings.haListenPort())
                : new InetSocketAddress(bindHost, settings.haListenPort()));
        LOG.info("HA: master epoch {} from offset {}, accepting slaves on {}", e.epoch(), e.startOffset(), bound);
        if (newRole == HaRole.SYNC_MASTER) {
            waiters.open();
        }
        role = newRole;
    }

    /** master -> SLAVE: refuse new waits, drop the slaves, fail what no slave acked, follow the new master. */
    private void demote(String masterHaAddress) {
        role = HaRole.SLAVE;
        server.stop();
        waiters.close(PutStatus.SLAVE_NOT_AVAILABLE);
        follow(masterHaAddress);
    }

    /** (Re)starts the HA client toward the explicit, configured or learned master address. */
    private void follow(String explicitAddress) {
        String addr = explicitAddress != null ? explicitAddress
                : settings.haMasterAddress() != null ? settings.haMasterAddress() : learnedMasterAddress;
        HaClient old = client;
        if (old != null) {
            if (addr != null && HostPort.parse("haMasterAddress", addr).equals(old.master())) {
                return;
            }
            client = null;
            old.stop();
        }
        if (addr == null) {
            LOG.info("HA: slave waits for its master's HA address (haMasterAddress or the NameServer)");
            return;
        }
        HaClient c = new HaClient(group, store, epochs, () -> settings, HostPort.parse("haMasterAddress", addr));
        client = c;
        LOG.info("HA: slave replicates from master {}", addr);
        c.start();
    }

    @Override
    public synchronized void updateMasterAddress(String masterHaAddress) {
        if (masterHaAddress == null || masterHaAddress.isBlank() || closed) {
            return;
        }
        HostPort.parse("haServerAddr", masterHaAddress.trim());
        learnedMasterAddress = masterHaAddress.trim();
        if (role == HaRole.SLAVE && settings.haMasterAddress() == null) {
            follow(null);
        }
    }

    /**
     * Applies new settings: a changed role runs {@link #changeRole}; a changed {@code haMasterAddress} on a slave
     * reconnects; a changed {@code haListenPort} on a master takes effect at its next start as master (logged);
     * the other tunables apply at once.
     */
    public synchronized void updateSettings(HaSettings s) {
        HaSettings old = settings;
        settings = s.withRole(old.role());
        if (s.role() != old.role()) {
            changeRole(s.role(), null);
        } else if (s.role() == HaRole.SLAVE && !java.util.Objects.equals(s.haMasterAddress(), old.haMasterAddress())) {
            follow(null);
        }
        if (s.haListenPort() != old.haListenPort() && role.isMaster()) {
            LOG.warn("HA: haListenPort changed to {}; it takes effect when this node next becomes master",
                    s.haListenPort());
        }
        recomputeReplicated();
    }

    // ------------------------------------------------------------------ status

    /** The bound HA address of a master, null otherwise. */
    public InetSocketAddress listenAddress() {
        return server.boundAddress();
    }

    @Override
    public HaStatus haStatus() {
        HaRole r = role;
        HaSettings s = settings;
        long end = store.maxPhyOffset();
        List<SlaveState> slaves = new ArrayList<>();
        for (SlaveConnection c : server.connections()) {
            long a = c.ackedOffset();
            slaves.add(new SlaveState(c.address(), a, a >= 0 && end - a <= s.slaveFallbehindMax()));
        }
        HaClient c = client;
        InetSocketAddress bound = server.boundAddress();
        return new HaStatus(r, epochs.lastEpoch(), bound == null ? null : bound.getHostString() + ":" + bound.getPort(),
                c == null ? null : c.master().getHostString() + ":" + c.master().getPort(), c != null && c.connected(),
                List.copyOf(slaves), r.isMaster() ? replicatedOffset() : -1, waiters.size());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        HaClient c = client;
        client = null;
        if (c != null) {
            c.stop();
        }
        server.stop();
        waiters.close(PutStatus.SLAVE_NOT_AVAILABLE);
        expiry.cancel(false);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
