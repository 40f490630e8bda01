package io.comet.config.internal;

import io.comet.config.NodeStopper;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Publishes the config bundle's {@link FrameworkNodeStopper} as the {@link NodeStopper} service for roles. */
@Component(service = NodeStopper.class)
public final class NodeStopperComponent implements NodeStopper {
    private volatile FrameworkNodeStopper stopper;

    @Activate
    void activate(BundleContext context) {
        stopper = new FrameworkNodeStopper(context);
    }

    @Override
    public void stop(int exitCode, String reason) {
        stopper.stop(exitCode, reason);
    }
}
