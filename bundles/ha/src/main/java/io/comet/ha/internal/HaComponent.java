package io.comet.ha.internal;

import io.comet.common.StatusSource;
import io.comet.config.NodeStopper;
import io.comet.ha.HaRole;
import io.comet.ha.HaService;
import io.comet.ha.HaStatus;
import io.comet.ha.ReplicationGate;
import io.comet.ha.SlaveState;
import io.comet.store.MessageStore;
import io.comet.store.PutStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The HA service as a DS component: reads PIDs {@code comet.broker} (for {@code listenPort}, so the HA port
 * defaults to {@code listenPort + 1}, and {@code bindAddress}, the broker's listen address, which the HA port
 * shares; read at activation) and {@code comet.ha} (which wins for keys in both), references the
 * {@link MessageStore}, and offers {@link ReplicationGate}, {@link HaService} and a {@link StatusSource} named
 * {@code ha}. {@code @Modified} applies every change live: a new {@code brokerRole} runs the ordered hand-over of
 * {@link HaService#changeRole}; the component is never deactivated for a configuration change. An activation
 * that fails (the HA port is taken) stops the node, naming address, port and {@code haListenPort}, instead of
 * leaving the broker waiting for this service until the launcher's readiness timeout.
 */
@Component(configurationPid = {"comet.broker", HaSettings.PID}, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {ReplicationGate.class, HaService.class, StatusSource.class},
        reference = @Reference(name = StartFailure.STOPPER, service = NodeStopper.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC))
public final class HaComponent implements ReplicationGate, HaService, StatusSource {
    private final MessageStore store;
    private final DefaultHaService service;

    /**
     * DS activation. If the service cannot start (typically: {@code haListenPort} is taken) the node is stopped
     * through the config bundle's {@code NodeStopper}, looked up by name so that this bundle runs without the
     * config bundle (optional import); see {@link StartFailure}.
     */
    @Activate
    public HaComponent(@Reference(name = "store") MessageStore store, Map<String, Object> config,
                       ComponentContext context) {
        this(store, config, config.get("bindAddress") == null ? null : String.valueOf(config.get("bindAddress")),
                reason -> StartFailure.stopNode(context, reason));
    }

    /** A master listens on {@code bindHost} only (null or 0.0.0.0: all interfaces, as RocketMQ). */
    HaComponent(MessageStore store, Map<String, Object> config, String bindHost) {
        this(store, config, bindHost, reason -> { });
    }

    /** As above; {@code onStartFailure} gets the reason when the service cannot start, before the throw. */
    HaComponent(MessageStore store, Map<String, Object> config, String bindHost, Consumer<String> onStartFailure) {
        this.store = store;
        try {
            this.service = new DefaultHaService(store, HaSettings.from(config), bindHost);
        } catch (RuntimeException e) {
            onStartFailure.accept("the HA service cannot start: " + e.getMessage());
            throw e;
        }
    }

    @Modified
    void modified(Map<String, Object> config) {
        service.updateSettings(HaSettings.from(config));
    }

    @Deactivate
    void deactivate() {
        service.close();
    }

    @Override
    public CompletableFuture<PutStatus> awaitReplicated(long nextOffset) {
        return service.awaitReplicated(nextOffset);
    }

    @Override
    public HaRole role() {
        return service.role();
    }

    @Override
    public void changeRole(HaRole newRole, String masterHaAddress) {
        service.changeRole(newRole, masterHaAddress);
    }

    @Override
    public void updateMasterAddress(String masterHaAddress) {
        service.updateMasterAddress(masterHaAddress);
    }

    @Override
    public HaStatus haStatus() {
        return service.haStatus();
    }

    @Override
    public int haListenPort() {
        return service.haListenPort();
    }

    @Override
    public AutoCloseable addRoleListener(Consumer<HaRole> listener) {
        return service.addRoleListener(listener);
    }

    @Override
    public String statusName() {
        return "ha";
    }

    /** Role, epoch, addresses, each slave's acked offset and lag, the replicated offset and pending waiters. */
    @Override
    public Map<String, Object> status() {
        HaStatus st = service.haStatus();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", st.role());
        m.put("epoch", st.epoch());
        m.put("maxPhyOffset", store.maxPhyOffset());
        if (st.role().isMaster()) {
            m.put("listenAddress", st.listenAddress());
            m.put("slaves", st.slaves().size());
            for (SlaveState s : st.slaves()) {
                m.put("slave " + s.address(), "acked=" + s.ackedOffset() + (s.inSync() ? " in-sync" : " behind"));
            }
            m.put("replicatedOffset", st.replicatedOffset());
            m.put("pendingWaiters", st.pendingWaiters());
        } else {
            m.put("masterAddress", st.masterAddress());
            m.put("masterConnected", st.masterConnected());
        }
        return m;
    }
}
