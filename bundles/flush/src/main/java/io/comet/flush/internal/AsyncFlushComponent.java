package io.comet.flush.internal;

import io.comet.flush.FlushPolicies;
import io.comet.store.FlushPolicy;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * DS component offering {@code ASYNC_FLUSH} (interval flush, {@link AsyncFlushPolicy}) as a prototype
 * {@link FlushPolicy} service with {@code flushDiskType=ASYNC_FLUSH}, configured by PID {@code comet.flush}
 * (optional: RocketMQ's defaults apply without it). The service is registered through
 * {@link PolicyServiceFactory}, not by DS - see there why. {@code @Modified} hands new settings to every live
 * instance without touching pending waiters; invalid values are refused with the key, the value and what is valid
 * (at activation the component then stays inactive; on modification the previous settings stay). This component
 * designates the metatype {@link FlushConfig} for {@code comet.flush}.
 */
@Component(configurationPid = FlushPolicies.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
@Designate(ocd = FlushConfig.class)
public final class AsyncFlushComponent {
    private RegisteredPolicy policy;

    @Activate
    void activate(BundleContext context, FlushConfig config) {
        policy = new RegisteredPolicy(context, FlushPolicies.ASYNC_FLUSH, config, AsyncFlushPolicy::new);
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
