package io.comet.ha.internal;

import io.comet.config.NodeStopper;
import org.osgi.service.component.ComponentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the node when the HA service cannot start, through the config bundle's {@link NodeStopper} (exit status
 * 1, the reason printed by the launcher). The HA bundle imports {@code io.comet.config} optionally: the stopper is
 * located by reference name ({@link #STOPPER}, a DS lookup-strategy reference with optional cardinality) and
 * only this class names the type, so it is loaded only once a stopper was found. Without one (a framework without
 * the config bundle) the reason is logged and the component simply fails to activate.
 */
final class StartFailure {
    /** Name of the optional {@link NodeStopper} reference of {@link HaComponent}. */
    static final String STOPPER = "nodeStopper";
    private static final Logger LOG = LoggerFactory.getLogger(StartFailure.class);

    private StartFailure() { }

    static void stopNode(ComponentContext context, String reason) {
        Object stopper = context.locateService(STOPPER);
        if (stopper == null) {
            LOG.error("{} (no NodeStopper service: the node keeps running without HA)", reason);
            return;
        }
        LOG.error("{}; stopping the node", reason);
        ((NodeStopper) stopper).stop(1, reason);
    }
}
