package io.comet.config.internal;

import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the node's configuration once the framework has started (all the role's bundles installed), then keeps
 * it in step: registers {@link ConfigService}, a synchronous ConfigAdmin listener, the file watcher and a bundle
 * tracker for bundles that come later. A refused configuration stops the node ({@link FrameworkNodeStopper}).
 *
 * <p>Framework properties read (the launcher sets them; see {@code docs/config.md}): {@value #FILE},
 * {@value #NAMESRV}, {@value #ROLE}, {@value #DEBOUNCE} (default 100 ms), {@value #POLL} (default 2000 ms).
 */
@Component(immediate = true)
public final class ConfigLoader {
    static final String FILE = "comet.config.file";
    static final String NAMESRV = "comet.namesrvAddr";
    static final String ROLE = "comet.role";
    static final String DEBOUNCE = "comet.config.debounceMillis";
    static final String POLL = "comet.config.pollMillis";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    @Reference
    private ConfigurationAdmin configurationAdmin;
    @Reference
    private MetaTypeService metaTypeService;

    private BundleContext context;
    private ConfigSynchronizer synchronizer;
    private FrameworkListener startListener;
    private FileWatcher watcher;
    private BundleTracker<Bundle> tracker;
    private ServiceRegistration<?> listenerRegistration;
    private ServiceRegistration<ConfigService> serviceRegistration;
    private boolean active;
    private boolean loadStarted;

    @Activate
    synchronized void activate(BundleContext context) {
        this.context = context;
        this.active = true;
        String file = blankToNull(context.getProperty(FILE));
        synchronizer = new ConfigSynchronizer(file == null ? null : Path.of(file).toAbsolutePath(),
                blankToNull(context.getProperty(NAMESRV)), blankToNull(context.getProperty(ROLE)),
                new ConfigAdminBridge(configurationAdmin), new MetatypeScanner(context, metaTypeService),
                Clock.systemUTC());
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            startLoad();
        } else {
            startListener = event -> {
                if (event.getType() == FrameworkEvent.STARTED) {
                    startLoad();
                }
            };
            context.addFrameworkListener(startListener);
            if (context.getBundle(0).getState() == Bundle.ACTIVE) {
                startLoad(); // started between the check and the listener
            }
        }
    }

    private synchronized void startLoad() {
        if (!active || loadStarted) {
            return;
        }
        loadStarted = true;
        synchronizer.executor().execute(this::load);
    }

    private void load() {
        try {
            synchronizer.load();
        } catch (ConfigException e) {
            new FrameworkNodeStopper(context).stop(e.getMessage());
            return;
        } catch (RuntimeException e) {
            new FrameworkNodeStopper(context).stop(e.toString());
            return;
        }
        synchronized (this) {
            if (!active) {
                return;
            }
            listenerRegistration = context.registerService(SynchronousConfigurationListener.class,
                    new AdminChangeListener(synchronizer), null);
            if (synchronizer.file() != null) {
                try {
                    watcher = new FileWatcher(synchronizer.file(), synchronizer::fileMaybeChanged,
                            synchronizer.executor(), longProperty(DEBOUNCE, 100), longProperty(POLL, 2000), true);
                } catch (IOException e) {
                    LOG.warn("Cannot watch {} ({}); edits are picked up by polling only", synchronizer.file(),
                            e.toString());
                }
            }
            tracker = new BundleTracker<>(context, Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE,
                    new BundleTrackerCustomizer<>() {
                        @Override
                        public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                            if (event != null) {
                                synchronizer.bundlesChanged();
                            }
                            return bundle;
                        }

                        @Override
                        public void modifiedBundle(Bundle bundle, BundleEvent event, Bundle object) { }

                        @Override
                        public void removedBundle(Bundle bundle, BundleEvent event, Bundle object) {
                            if (event != null && event.getType() == BundleEvent.UNINSTALLED) {
                                synchronizer.bundlesChanged();
                            }
                        }
                    });
            tracker.open();
            Hashtable<String, Object> properties = new Hashtable<>();
            if (synchronizer.file() != null) {
                properties.put(FILE, synchronizer.file().toString());
            }
            serviceRegistration = context.registerService(ConfigService.class, new ConfigServiceImpl(synchronizer),
                    properties);
            LOG.info("Configuration loaded from {}: {} keys in {}",
                    synchronizer.file() == null ? "defaults" : synchronizer.file(), synchronizer.current().size(),
                    synchronizer.pids());
        }
    }

    @Deactivate
    void deactivate() {
        FileWatcher closingWatcher;
        BundleTracker<Bundle> closingTracker;
        synchronized (this) {
            active = false;
            if (startListener != null) {
                context.removeFrameworkListener(startListener);
            }
            unregister(serviceRegistration);
            unregister(listenerRegistration);
            closingWatcher = watcher;
            closingTracker = tracker;
        }
        if (closingTracker != null) {
            closingTracker.close();
        }
        if (closingWatcher != null) {
            closingWatcher.close();
        }
        synchronizer.close();
    }

    private long longProperty(String name, long fallback) {
        String v = blankToNull(context.getProperty(name));
        if (v == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(v);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("Framework property {}={} is not a positive whole number of milliseconds; using {}", name, v,
                fallback);
        return fallback;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
