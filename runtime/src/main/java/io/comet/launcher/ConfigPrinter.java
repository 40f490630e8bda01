package io.comet.launcher;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.ServiceReference;

/**
 * {@code -p}: prints every configuration item of the node, {@code key=value} sorted by key, and exits, without
 * running the role. The framework is started up to the base levels only: the config bundle loads and validates
 * the configuration file, the role's bundles are installed and resolved (so their metatype is known) but never
 * started, so no server binds a port. The values come from the config bundle's {@code io.comet.config.ConfigService}
 * ({@code current()}), called reflectively because the launcher shares no classes with the bundles.
 */
final class ConfigPrinter {

    static final String CONFIG_SERVICE = "io.comet.config.ConfigService";
    private static final long WAIT_MS = Long.getLong("comet.start.timeout.ms", 60_000);

    private ConfigPrinter() {
    }

    static int print(Node node, NodeSettings settings, Distribution dist, PrintStream out, PrintStream err)
            throws LaunchException {
        List<Path> feature = dist.featureBundles(settings.role());
        Map<String, String> props = node.frameworkProperties(dist.featureLevel() - 1);
        props.put("org.osgi.framework.storage", settings.frameworkCache() + ".print-" + ProcessHandle.current().pid());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        Node.createDirectories(settings.logsDir(), settings.runDir());
        FrameworkRunner fw = node.assemble(props, feature);
        try {
            fw.resolveAll();
            FrameworkRunner.StartOutcome outcome = fw.start(WAIT_MS);
            SortedMap<?, ?> config = outcome == FrameworkRunner.StartOutcome.STARTED ? current(fw) : null;
            int status = Node.requestedExit();
            if (status != 0) {
                err.println("Comet " + settings.nodeName() + ": " + System.getProperty(Node.EXIT_REASON,
                        "a bundle asked for exit status " + status));
                return status;
            }
            if (config == null) {
                err.println("Comet " + settings.nodeName() + ": the configuration service did not come up within "
                        + WAIT_MS + " ms; see " + settings.logFile());
                return 1;
            }
            config.forEach((k, v) -> out.println(k + "=" + v));
            return 0;
        } finally {
            fw.stop(TimeUnit.SECONDS.toMillis(30));
            Node.deleteTree(Path.of(props.get("org.osgi.framework.storage")));
        }
    }

    private static SortedMap<?, ?> current(FrameworkRunner fw) throws LaunchException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (fw.isActive() && Node.requestedExit() == 0 && System.nanoTime() < deadline) {
            ServiceReference<?> ref = fw.context().getServiceReference(CONFIG_SERVICE);
            Object service = ref == null ? null : fw.context().getService(ref);
            if (service != null) {
                try {
                    Method current = ref.getBundle().loadClass(CONFIG_SERVICE).getMethod("current");
                    return (SortedMap<?, ?>) current.invoke(service);
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new LaunchException("cannot read the configuration from " + CONFIG_SERVICE + ": " + e, e);
                } finally {
                    fw.context().ungetService(ref);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
