package io.comet.config.internal;

import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;

/**
 * Hears every ConfigAdmin change synchronously, in the thread that made it, so the change is stamped with the
 * instant it happened; the work itself is handed to the synchroniser's thread.
 */
final class AdminChangeListener implements SynchronousConfigurationListener {
    private final ConfigSynchronizer synchronizer;

    AdminChangeListener(ConfigSynchronizer synchronizer) {
        this.synchronizer = synchronizer;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getFactoryPid() == null && event.getType() != ConfigurationEvent.CM_LOCATION_CHANGED) {
            synchronizer.adminChanged(event.getPid());
        }
    }
}
