package io.comet.flush.internal;

import io.comet.store.FlushPolicy;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one policy type's service, shared by the SYNC_FLUSH and ASYNC_FLUSH components: register the
 * prototype service, hand new settings to every live instance, unregister and release them all.
 */
final class RegisteredPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredPolicy.class);

    private final String type;
    private final PolicyServiceFactory factory;
    private final ServiceRegistration<FlushPolicy> registration;

    RegisteredPolicy(BundleContext context, String type, FlushConfig config,
                     Function<FlushSettings, HandOverFlushPolicy> creator) {
        this.type = type;
        this.factory = new PolicyServiceFactory(type, FlushSettings.from(config), creator);
        this.registration = factory.register(context);
    }

    /** Applies new settings to every live instance; invalid values are refused and the previous settings stay. */
    void reconfigure(FlushConfig config) {
        FlushSettings settings;
        try {
            settings = FlushSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: configuration refused, previous settings stay: {}", type, e.getMessage());
            throw e;
        }
        factory.apply(settings);
        LOG.info("{}: settings now {}", type, settings);
    }

    void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping the bundle
        }
        factory.releaseAll();
    }
}
