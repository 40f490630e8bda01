package io.comet.flush.internal;

import io.comet.flush.FlushPolicies;
import io.comet.store.FlushPolicy;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * DS component offering {@code SYNC_FLUSH} (group commit, {@link SyncFlushPolicy}) as a prototype {@link FlushPolicy}
 * service with {@code flushDiskType=SYNC_FLUSH}, configured by PID {@code comet.flush} (optional: RocketMQ's defaults
 * apply without it). The service is registered through {@link PolicyServiceFactory}, not by DS - see there why.
 * {@code @Modified} hands new settings to every live instance without touching pending waiters; invalid values are
 * refused with the key, the value and what is valid, and the previous settings stay. The metatype of
 * {@code comet.flush} is designated by {@link AsyncFlushComponent} (bnd allows one designation per PID).
 */
@Component(configurationPid = FlushPolicies.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
public final class SyncFlushComponent {
    private RegisteredPolicy policy;

    @Activate
    void activate(BundleContext context, FlushConfig config) {
        policy = new RegisteredPolicy(context, FlushPolicies.SYNC_FLUSH, config, SyncFlushPolicy::new);
    }

    @Modified
    void modified(FlushConfig config) {
        policy.reconfigure(config);
    }

    @Deactivate
    void deactivate() {
        policy.close();
    }
}
