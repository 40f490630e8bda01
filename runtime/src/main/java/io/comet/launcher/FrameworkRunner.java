package io.comet.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * One OSGi framework, found through {@link ServiceLoader} (Felix in {@code lib/}), with the distribution's
 * bundles installed at their start levels. Bundles are installed by reference (the framework does not copy the
 * jars) and marked for start; {@link #start(long)} raises the framework to its beginning start level, which
 * starts them level by level. The console bundles ({@link #DEFERRED_BUNDLES}: Gogo and Comet's shell) are only
 * installed there: {@link #startDeferred()} starts them once the node is ready, so the {@code g!} prompt never
 * precedes the {@code mq:*} commands and their activation (command registries, the console socket) is not on
 * the way to the role's boot line.
 */
final class FrameworkRunner {

    private final Framework framework;
    private final CountDownLatch started = new CountDownLatch(1);
    /**
     * The bundles started only by {@link #startDeferred()}, in this order: the console, which nothing a role
     * needs to serve depends on. The Gogo shell comes last; its prompt says "ready".
     */
    static final List<String> DEFERRED_BUNDLES = List.of("org.apache.felix.gogo.runtime",
            "org.apache.felix.gogo.command", "io.comet.shell", "org.apache.felix.gogo.shell");

    private final List<Bundle> installed = new ArrayList<>();
    private final List<Bundle> deferred = new ArrayList<>();

    private FrameworkRunner(Framework framework) {
        this.framework = framework;
    }

    /**
     * Creates and initialises a framework; no bundle is installed yet.
     *
     * @throws LaunchException when no framework implementation is on the class path or it fails to initialise
     */
    static FrameworkRunner create(Map<String, String> properties) throws LaunchException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi framework on the class path (lib/ must hold the"
                        + " Felix framework jar)"));
        Framework fw = factory.newFramework(properties);
        try {
            fw.init();
        } catch (BundleException e) {
            throw new LaunchException("the OSGi framework failed to initialise: " + e.getMessage(), e);
        }
        FrameworkRunner runner = new FrameworkRunner(fw);
        fw.getBundleContext().addFrameworkListener(ev -> {
            if (ev.getType() == FrameworkEvent.STARTED) {
                runner.started.countDown();
            }
        });
        return runner;
    }

    /**
     * Installs the jars at {@code level} and marks them for start (fragments are only installed).
     *
     * @throws LaunchException naming the jar the framework refused
     */
    void install(List<Path> jars, int level) throws LaunchException {
        BundleContext ctx = framework.getBundleContext();
        for (Path jar : jars) {
            try {
                Bundle b = ctx.installBundle("reference:" + jar.toUri());
                b.adapt(BundleStartLevel.class).setStartLevel(level);
                if (DEFERRED_BUNDLES.contains(b.getSymbolicName())) {
                    deferred.add(b);
                } else if (!isFragment(b)) {
                    b.start();
                }
                installed.add(b);
            } catch (BundleException | RuntimeException e) {
                throw new LaunchException("cannot install bundle " + jar + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Starts the bundles held back at install (the console), in the order of {@link #DEFERRED_BUNDLES}.
     *
     * @throws LaunchException naming the bundle that failed to start
     */
    void startDeferred() throws LaunchException {
        List<Bundle> inOrder = new ArrayList<>(deferred);
        inOrder.sort(Comparator.comparingInt(b -> DEFERRED_BUNDLES.indexOf(b.getSymbolicName())));
        for (Bundle b : inOrder) {
            try {
                b.start();
            } catch (BundleException | RuntimeException e) {
                throw new LaunchException("cannot start bundle " + b.getSymbolicName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** How a start ended. */
    enum StartOutcome { STARTED, STOPPED, TIMED_OUT }

    /**
     * Starts the framework and waits until it reached its beginning start level, or stopped (a bundle refused
     * the start and stopped it), or the timeout passed.
     */
    StartOutcome start(long timeoutMillis) throws LaunchException {
        try {
            framework.start();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!started.await(50, TimeUnit.MILLISECONDS)) {
                if (!isActive()) {
                    return StartOutcome.STOPPED;
                }
                if (System.nanoTime() > deadline) {
                    return StartOutcome.TIMED_OUT;
                }
            }
            return isActive() ? StartOutcome.STARTED : StartOutcome.STOPPED;
        } catch (BundleException e) {
            throw new LaunchException("the OSGi framework failed to start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StartOutcome.TIMED_OUT;
        }
    }

    /** Resolves every installed bundle that can be resolved, started or not. */
    void resolveAll() {
        framework.adapt(FrameworkWiring.class).resolveBundles(null);
    }

    /** Number of installed bundles that are {@code ACTIVE}. */
    long activeBundles() {
        return installed.stream().filter(b -> b.getState() == Bundle.ACTIVE).count();
    }

    /** Bundles that should be active (not fragments) but are not, as {@code name (state)}. */
    List<String> inactiveBundles(int upToLevel) {
        List<String> out = new ArrayList<>();
        for (Bundle b : installed) {
            boolean fragment = isFragment(b);
            int level = b.adapt(BundleStartLevel.class).getStartLevel();
            if (!fragment && level <= upToLevel && b.getState() != Bundle.ACTIVE && !deferred.contains(b)) {
                out.add(b.getSymbolicName() + " " + b.getVersion() + " (" + stateName(b.getState()) + ")");
            }
        }
        return out;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    boolean isActive() {
        return framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING;
    }

    /** Blocks until the framework has stopped, for whatever reason. */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /**
     * Stops the framework and waits for it, at most {@code timeoutMillis}.
     *
     * @return whether it stopped in time
     */
    boolean stop(long timeoutMillis) {
        try {
            framework.stop();
            FrameworkEvent ev = framework.waitForStop(timeoutMillis);
            return ev.getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            System.err.println("error stopping the OSGi framework: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * From the bundle's revision, not {@code getHeaders()}: that localizes every header, which reads the bundle's
     * localization files and costs measurable start-up time over some forty bundles.
     */
    private static boolean isFragment(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED: unresolved";
            case Bundle.RESOLVED -> "RESOLVED: not started";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> Integer.toString(state);
        };
    }
}
