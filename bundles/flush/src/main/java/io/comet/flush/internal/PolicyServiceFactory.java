package io.comet.flush.internal;

import io.comet.flush.FlushPolicies;
import io.comet.store.FlushPolicy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceRegistration;

import java.util.Hashtable;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Registers one policy type as a prototype-scoped {@link FlushPolicy} service and keeps its live instances current.
 *
 * <p>Why the components register it themselves instead of DS ({@code service = FlushPolicy.class}): DS publishes a
 * component's configuration properties as service properties, and configuration overrides the component's own
 * properties. Both components read PID {@code comet.flush}, which holds the store's {@code flushDiskType} choice,
 * so with DS registration a configured {@code flushDiskType=SYNC_FLUSH} would relabel the ASYNC_FLUSH service as
 * SYNC_FLUSH too. Registered here, the service carries exactly {@code flushDiskType=<its own type>}.
 *
 * <p>Prototype scope: each {@code ServiceObjects.getService()} (a DS reference with
 * {@code scope = PROTOTYPE_REQUIRED}) gets a new instance, so several stores in one framework never share a policy.
 * A bundle-scoped get returns one instance per consuming bundle. An instance the framework takes back is
 * {@link HandOverFlushPolicy#release() released}: flushed and stopped if its store never handed it over.
 */
final class PolicyServiceFactory implements PrototypeServiceFactory<FlushPolicy> {
    private final String type;
    private final Function<FlushSettings, HandOverFlushPolicy> creator;
    private final Set<HandOverFlushPolicy> live = ConcurrentHashMap.newKeySet();
    private volatile FlushSettings settings;

    PolicyServiceFactory(String type, FlushSettings settings, Function<FlushSettings, HandOverFlushPolicy> creator) {
        this.type = type;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.creator = creator;
    }

    /** Registers the service with {@code flushDiskType=<type>}. */
    ServiceRegistration<FlushPolicy> register(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(FlushPolicy.TYPE, type);
        properties.put(Constants.SERVICE_DESCRIPTION, "Comet " + type + " commit-log flush policy ("
                + FlushPolicies.PID + ")");
        return context.registerService(FlushPolicy.class, this, properties);
    }

    /** Applies new settings to every live instance and to those created later. */
    void apply(FlushSettings newSettings) {
        settings = Objects.requireNonNull(newSettings, "settings");
        live.forEach(policy -> policy.apply(newSettings));
    }

    /** Instances handed out and not yet returned. */
    int liveCount() {
        return live.size();
    }

    /** Releases every instance still out (after the registration is gone). */
    void releaseAll() {
        for (HandOverFlushPolicy policy : live) {
            live.remove(policy);
            policy.release();
        }
    }

    @Override
    public FlushPolicy getService(Bundle bundle, ServiceRegistration<FlushPolicy> registration) {
        HandOverFlushPolicy policy = creator.apply(settings);
        live.add(policy);
        policy.apply(settings); // an apply() between creation and add() would otherwise be missed
        return policy;
    }

    @Override
    public void ungetService(Bundle bundle, ServiceRegistration<FlushPolicy> registration, FlushPolicy service) {
        if (live.remove(service)) {
            ((HandOverFlushPolicy) service).release();
        }
    }
}
