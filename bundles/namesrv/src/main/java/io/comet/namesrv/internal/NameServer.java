package io.comet.namesrv.internal;

import io.comet.common.StatusSource;
import io.comet.config.ConfigService;
import io.comet.config.NodeStopper;
import io.comet.namesrv.Namesrv;
import io.comet.remoting.RemotingServer;
import java.lang.reflect.Method;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
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
 * The NameServer as a DS component: configured by PID {@code comet.namesrv}, it runs a {@link NameServerCore},
 * publishes the listening {@link RemotingServer} as a service with {@code comet.remoting.server=namesrv} (so
 * whiteboard request processors can join it) and itself as the {@code namesrv} {@link StatusSource}.
 *
 * <p>{@code @Modified} applies expiry, scan interval and the request switches live; a change of
 * {@code listenPort}, {@code bindAddress} or a thread count rebinds the server, which closes its connections.
 * UPDATE/GET_NAMESRV_CONFIG go through the optional {@link ConfigService}.
 *
 * <p>If the NameServer cannot start (its address cannot be bound, its KV file cannot be read) it stops the node
 * through the config bundle's {@link NodeStopper} (exit status 1, a reason naming address and port) rather than
 * leaving a node that serves nothing.
 */
@Component(name = Namesrv.PID, configurationPid = Namesrv.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = StatusSource.class)
@Designate(ocd = NameServerConfiguration.class)
public final class NameServer implements StatusSource {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqNamesrv");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService configService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile NodeStopper nodeStopper;

    private volatile NameServerCore core;
    private volatile Map<String, String> ownConfig = Map.of();
    private BundleContext context;
    private ServiceRegistration<RemotingServer> serverRegistration;

    @Activate
    void activate(BundleContext context, NameServerConfiguration config) throws Exception {
        this.context = context;
        this.ownConfig = describe(config);
        NameServerCore created = null;
        try {
            created = new NameServerCore(NamesrvSettings.from(config), System::currentTimeMillis,
                    () -> configService, () -> ownConfig, new Publisher());
            created.start();
        } catch (Exception | Error e) {
            if (created != null) {
                created.close();
            }
            failed(config, e);
            throw e;
        }
        core = created;
    }

    /** Stops the node: a NameServer that cannot start must not leave a node running that serves nothing. */
    private void failed(NameServerConfiguration config, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = "the Name Server cannot start on " + config.bindAddress() + ":" + config.listenPort() + ": "
                + (root instanceof IllegalArgumentException && root.getMessage() != null ? root.getMessage() : root);
        NodeStopper stopper = nodeStopper;
        if (stopper == null) {
            LOG.error("{} (no NodeStopper service: the node keeps running without a Name Server)", reason, e);
            return;
        }
        LOG.error("The Name Server failed to start", e);
        stopper.stop(1, reason);
    }

    @Modified
    void modified(NameServerConfiguration config) throws Exception {
        ownConfig = describe(config);
        NameServerCore running = core;
        if (running != null) {
            running.update(NamesrvSettings.from(config));
        }
    }

    @Deactivate
    void deactivate() {
        NameServerCore running = core;
        core = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public String statusName() {
        return Namesrv.STATUS_NAME;
    }

    @Override
    public Map<String, Object> status() {
        NameServerCore running = core;
        return running == null ? Map.of("state", "stopped") : running.status();
    }

    /** Every attribute of the configuration as RocketMQ key = value text, sorted. */
    static Map<String, String> describe(NameServerConfiguration config) {
        Map<String, String> result = new TreeMap<>();
        for (Method m : NameServerConfiguration.class.getDeclaredMethods()) {
            try {
                result.put(m.getName(), String.valueOf(m.invoke(config)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read configuration attribute " + m.getName(), e);
            }
        }
        return result;
    }

    /** Publishes the current server for whiteboard processors. */
    private final class Publisher implements NameServerCore.ServerListener {
        @Override
        public synchronized void bound(RemotingServer server) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(RemotingServer.NAME, Namesrv.SERVER_NAME);
            serverRegistration = context.registerService(RemotingServer.class, server, props);
        }

        @Override
        public synchronized void unbinding(RemotingServer server) {
            if (serverRegistration != null) {
                try {
                    serverRegistration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle is stopping
                }
                serverRegistration = null;
            }
        }
    }
}
