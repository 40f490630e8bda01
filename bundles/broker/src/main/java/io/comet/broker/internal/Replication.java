package io.comet.broker.internal;

import io.comet.ha.HaRole;
import io.comet.ha.HaService;
import io.comet.ha.HaStatus;
import io.comet.ha.ReplicationGate;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The broker's link to replication: the HA bundle's {@link HaService} (role, HA port, master address, role
 * changes) and {@link ReplicationGate}, or {@link #none()} (a broker without replication is an ASYNC_MASTER).
 *
 * <p>The role is owned by the HA service (PID {@code comet.ha}, key {@code brokerRole}); the broker never keeps
 * its own copy for decisions on the send path: {@link #refusesWrites()} is one volatile read of the HA role, and
 * {@link #replicate} asks the gate, which itself decides whether to wait (ASYNC answers at once).
 */
public final class Replication {
    private static final Replication NONE = new Replication(null, null);

    private final HaService service;
    private final ReplicationGate gate;

    private Replication(HaService service, ReplicationGate gate) {
        this.service = service;
        this.gate = gate;
    }

    /** No replication: always ASYNC_MASTER, nothing to wait for. */
    public static Replication none() {
        return NONE;
    }

    /** Replication through the HA bundle's services (usually one object offering both). */
    public static Replication of(HaService service, ReplicationGate gate) {
        return new Replication(Objects.requireNonNull(service, "service"), Objects.requireNonNull(gate, "gate"));
    }

    /** The role in force (ASYNC_MASTER without replication). */
    public BrokerRole role() {
        return service == null ? BrokerRole.ASYNC_MASTER : map(service.role());
    }

    /** True while this broker is a SLAVE: sends and END_TRANSACTION are refused before anything is stored. */
    public boolean refusesWrites() {
        return service != null && service.role() == HaRole.SLAVE;
    }

    /**
     * The final answer of a send once the store answered: a stored append waits for the gate (SYNC_MASTER: until
     * the required slaves hold it), an append the store refused is answered as it is. A non-OK replication status
     * replaces the store's status (so it also wins over FLUSH_DISK_TIMEOUT, as RocketMQ combines the flush and
     * replica futures: the replica status is applied last); PUT_OK from the gate keeps the store's status.
     * Completes on the thread that completes the gate (the HA event loop) when it has to wait.
     */
    public CompletionStage<PutResult> replicate(PutResult stored) {
        if (gate == null || !stored.status().isStored()) {
            return CompletableFuture.completedFuture(stored);
        }
        CompletableFuture<PutStatus> replicated = gate.awaitReplicated(stored.nextOffset());
        PutStatus now = replicated.getNow(null);
        if (now != null) {
            return CompletableFuture.completedFuture(combine(stored, now));
        }
        return replicated.thenApply(status -> combine(stored, status));
    }

    static PutResult combine(PutResult stored, PutStatus replica) {
        return replica == PutStatus.PUT_OK ? stored : stored.withStatus(replica);
    }

    /** The HA port this broker publishes in {@code haServerAddr}; 0 without replication. */
    public int haListenPort() {
        return service == null ? 0 : service.haListenPort();
    }

    /** The HA service's operator figures (slaves, acked offsets, master address); null without replication. */
    public HaStatus haStatus() {
        return service == null ? null : service.haStatus();
    }

    /** Hands the master's HA address from a REGISTER_BROKER response to the HA service (ignored without it). */
    public void masterHaAddress(String haServerAddr) {
        if (service != null && haServerAddr != null && !haServerAddr.isBlank()) {
            service.updateMasterAddress(haServerAddr);
        }
    }

    /** Calls {@code listener} after each role change; closing the result removes it. */
    public AutoCloseable onRoleChange(Consumer<BrokerRole> listener) {
        if (service == null) {
            return () -> { };
        }
        return service.addRoleListener(r -> listener.accept(map(r)));
    }

    static BrokerRole map(HaRole role) {
        return switch (role) {
            case ASYNC_MASTER -> BrokerRole.ASYNC_MASTER;
            case SYNC_MASTER -> BrokerRole.SYNC_MASTER;
            case SLAVE -> BrokerRole.SLAVE;
        };
    }
}
