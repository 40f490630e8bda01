package io.comet.broker.internal;

import io.comet.broker.BrokerConstants;
import io.comet.broker.internal.consume.ConsumeSide;
import io.comet.common.StatusSource;
import io.comet.config.ConfigService;
import io.comet.ha.HaService;
import io.comet.ha.ReplicationGate;
import io.comet.remoting.RemotingServer;
import io.comet.store.MessageStore;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker as a DS component: configured by PID {@code comet.broker} (required), bound to the store's
 * {@link MessageStore} service and the HA bundle's {@link HaService} and {@link ReplicationGate} (the role is
 * theirs: {@code brokerRole} belongs to PID {@code comet.ha}; a role change re-registers without a restart), it
 * runs a {@link BrokerCore}, publishes the listening {@link RemotingServer} with
 * {@code comet.remoting.server=broker} (so whiteboard request processors can join it) and itself as the
 * {@code broker} {@link StatusSource}.
 *
 * <p>{@code @Modified} applies tunables live; a change of address, broker or cluster name or thread counts
 * restarts the core (new server; clients reconnect). UPDATE/GET_BROKER_CONFIG go through the optional {@link ConfigService}.
 */
@Component(name = BrokerConstants.PID, configurationPid = BrokerConstants.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = StatusSource.class)
@Designate(ocd = BrokerConfiguration.class)
public final class Broker implements StatusSource {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqBroker");

    @Reference
    private MessageStore store;

    /** The HA bundle's services (one component offers both); the broker's role is theirs. */
    @Reference
    private HaService haService;

    @Reference
    private ReplicationGate replicationGate;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService configService;

    private volatile BrokerCore core;
    private BundleContext bundleContext;
    private ServiceRegistration<RemotingServer> serverRegistration;

    @Activate
    void activate(BundleContext bundleContext, BrokerConfiguration config) throws Exception {
        this.bundleContext = bundleContext;
        startCore(BrokerSettings.from(config));
    }

    @Modified
    synchronized void modified(BrokerConfiguration config) throws Exception {
        BrokerSettings next = BrokerSettings.from(config);
        BrokerCore running = core;
        if (running == null) {
            startCore(next);
        } else if (running.needsRestart(next)) {
            LOG.info("The broker restarts its server to apply the new address, name, cluster or thread counts");
            stopCore();
            startCore(next);
        } else {
            running.update(next);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        stopCore();
    }

    private synchronized void startCore(BrokerSettings settings) throws Exception {
        BrokerCore created = new BrokerCore(settings, store, System::currentTimeMillis, () -> configService,
                parts(), Replication.of(haService, replicationGate));
        try {
            created.start();
        } catch (Exception | Error e) {
            LOG.error("The broker failed to start: {}", e.getMessage(), e);
            throw e;
        }
        core = created;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RemotingServer.NAME, BrokerConstants.SERVER_NAME);
        serverRegistration = bundleContext.registerService(RemotingServer.class, created.context().server(), props);
    }

    private synchronized void stopCore() {
        if (serverRegistration != null) {
            try {
                serverRegistration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            serverRegistration = null;
        }
        BrokerCore running = core;
        core = null;
        if (running != null) {
            running.close();
        }
    }

    /** The parts started with the producing side: the consuming side. */
    static List<BrokerPart> parts() {
        return List.of(ConsumeSide::start);
    }

    @Override
    public String statusName() {
        return BrokerConstants.STATUS_NAME;
    }

    @Override
    public Map<String, Object> status() {
        BrokerCore running = core;
        return running == null ? Map.of("state", "stopped") : running.status();
    }
}
