package io.comet.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one node in this JVM: writes its pid file, starts the framework with the distribution's bundles and the
 * role's feature, waits until the role is up ({@link RoleReadiness}: its server bound, at most
 * {@code comet.ready.timeout.ms}, default 120 s) and then until the framework stops. A role that fails to come
 * up (port in use, bad {@code bindAddress}) ends the node with status 1 and the reason; "started" is printed only
 * once the role is ready. A shutdown hook (SIGTERM, SIGINT, {@code bin/mqshutdown})
 * stops the framework within a bounded time and removes the pid file and the framework cache.
 *
 * <p>A bundle refuses startup (the config bundle does, for a bad configuration file) by setting the system
 * properties {@value #EXIT_CODE} (a non-zero status) and {@value #EXIT_REASON} and stopping the system bundle; the
 * launcher then prints the reason and exits with that status (see {@code docs/runtime.md}).
 */
final class Node {

    /** System property a bundle sets, before stopping the framework, to the exit status the node should end with. */
    static final String EXIT_CODE = "comet.exit.code";
    /** System property a bundle sets, before stopping the framework, to say why the node cannot run. */
    static final String EXIT_REASON = "comet.exit.reason";

    private static final long START_TIMEOUT_MS = Long.getLong("comet.start.timeout.ms", 120_000);
    /** How long after the framework started the role may take to bind its server (store recovery included). */
    private static final long READY_TIMEOUT_MS = Long.getLong("comet.ready.timeout.ms", 120_000);
    private static final long STOP_TIMEOUT_MS = Long.getLong("comet.stop.timeout.ms", 30_000);

    private final NodeSettings settings;
    private final Distribution distribution;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean signalled;

    Node(NodeSettings settings, Distribution distribution, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.distribution = distribution;
        this.out = out;
        this.err = err;
    }

    /**
     * Publishes the bundle properties as system properties (Logback and bundles read them there) and builds the
     * framework properties from {@code etc/config.properties}.
     */
    Map<String, String> frameworkProperties(int beginningLevel) throws LaunchException {
        Map<String, String> bundleProps = settings.bundleProperties();
        System.clearProperty("comet.namesrvAddr");
        System.clearProperty(EXIT_CODE);
        System.clearProperty(EXIT_REASON);
        bundleProps.forEach(System::setProperty);
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", settings.home().resolve("conf/logback.xml").toString());
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.config.file",
                    settings.home().resolve("conf/logging.properties").toString());
        }
        if (settings.commandLine().console() && System.getProperty("comet.console.log.level") == null) {
            System.setProperty("comet.console.log.level", "WARN");
        }
        Map<String, String> props = new LinkedHashMap<>(
                FrameworkProperties.load(settings.home().resolve("etc/config.properties"), System::getProperty));
        props.putAll(bundleProps);
        props.putIfAbsent("org.osgi.framework.storage", settings.frameworkCache().toString());
        props.putIfAbsent("org.osgi.framework.storage.clean", "onFirstInit");
        props.put("org.osgi.framework.startlevel.beginning", Integer.toString(beginningLevel));
        props.put("felix.startlevel.bundle", Integer.toString(distribution.featureLevel()));
        if (settings.commandLine().console()) {
            props.remove("gosh.args");
        } else {
            props.put("gosh.args", "--nointeractive");
        }
        return props;
    }

    /** Installs every base level and the role's feature into a new framework. */
    FrameworkRunner assemble(Map<String, String> props, List<Path> featureBundles) throws LaunchException {
        FrameworkRunner fw = FrameworkRunner.create(props);
        for (Map.Entry<Integer, List<Path>> level : distribution.baseLevels().entrySet()) {
            fw.install(level.getValue(), level.getKey());
        }
        fw.install(featureBundles, distribution.featureLevel());
        return fw;
    }

    /** Runs the node until it stops; returns the process exit status. */
    int run() throws LaunchException {
        long t0 = System.nanoTime();
        List<Path> feature = distribution.featureBundles(settings.role());
        Map<String, String> props = frameworkProperties(distribution.featureLevel());
        createDirectories(settings.logsDir(), settings.runDir());
        PidFile pid = PidFile.create(settings.pidFile(), ProcessHandle.current().pid());
        FrameworkRunner fw;
        try {
            fw = assemble(props, feature);
        } catch (LaunchException | RuntimeException e) {
            pid.remove();
            throw e;
        }
        Path cache = Path.of(props.get("org.osgi.framework.storage"));
        Thread hook = new Thread(() -> {
            signalled = true;
            out.println("Comet " + settings.nodeName() + " stopping");
            boolean stopped = fw.stop(STOP_TIMEOUT_MS);
            cleanUp(pid, cache, stopped);
            out.println(stopped ? "Comet " + settings.nodeName() + " stopped"
                    : "Comet " + settings.nodeName() + " did not stop within " + STOP_TIMEOUT_MS + " ms; exiting");
            out.flush();
        }, "comet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        FrameworkRunner.StartOutcome outcome = fw.start(START_TIMEOUT_MS);
        String notUp = null;
        if (outcome == FrameworkRunner.StartOutcome.STARTED) {
            RoleReadiness.Outcome ready = awaitReady(fw);
            if (ready.state() == RoleReadiness.State.READY) {
                fw.startDeferred();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                out.println("Comet " + settings.nodeName() + " started in " + ms + " ms: " + fw.activeBundles()
                        + " bundles active; config " + settings.configFile() + ", log " + settings.logFile()
                        + ", pid " + ProcessHandle.current().pid() + " (" + pid.path() + ")");
                List<String> inactive = fw.inactiveBundles(distribution.featureLevel());
                if (!inactive.isEmpty()) {
                    err.println("WARNING: bundles not active: " + String.join(", ", inactive));
                }
            } else if (ready.state() != RoleReadiness.State.STOPPED) {
                notUp = ready.reason();
            }
        } else if (outcome == FrameworkRunner.StartOutcome.TIMED_OUT) {
            notUp = "the framework had not reached its start level after " + START_TIMEOUT_MS
                    + " ms (comet.start.timeout.ms)";
        }
        if (notUp != null && !signalled) {
            return failStart(fw, hook, pid, cache, notUp);
        }
        try {
            fw.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (signalled) {
            return 0; // the hook owns the exit; the JVM is already shutting down
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return 0; // shutdown began meanwhile
        }
        cleanUp(pid, cache, true);
        int status = requestedExit();
        if (status != 0) {
            err.println("Comet " + settings.nodeName() + " stopped: "
                    + System.getProperty(EXIT_REASON, "a bundle asked for exit status " + status));
            return status;
        }
        out.println("Comet " + settings.nodeName() + " stopped");
        return 0;
    }

    /** Waits (at most {@code comet.ready.timeout.ms}) until the role's server is up or the role failed. */
    private RoleReadiness.Outcome awaitReady(FrameworkRunner fw) {
        try {
            return new RoleReadiness(fw.context(), settings.role()).await(READY_TIMEOUT_MS, fw::isActive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RoleReadiness.Outcome(RoleReadiness.State.TIMED_OUT, "interrupted while waiting for the "
                    + settings.role().id() + " to come up");
        }
    }

    /** The role did not come up: stops the framework, removes the pid file and reports why; returns 1. */
    private int failStart(FrameworkRunner fw, Thread hook, PidFile pid, Path cache, String reason) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return 0; // a signal's shutdown began meanwhile: the hook stops the node
        }
        err.println("Comet " + settings.nodeName() + " failed to start: " + reason);
        err.flush();
        boolean stopped = fw.stop(STOP_TIMEOUT_MS);
        cleanUp(pid, cache, stopped);
        return 1;
    }

    /** The exit status a bundle asked for through {@value #EXIT_CODE}; 0 when none (or not a number). */
    static int requestedExit() {
        String code = System.getProperty(EXIT_CODE);
        if (code == null) {
            return System.getProperty(EXIT_REASON) == null ? 0 : 1;
        }
        try {
            int status = Integer.parseInt(code.trim());
            return status == 0 && System.getProperty(EXIT_REASON) != null ? 1 : status;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void cleanUp(PidFile pid, Path cache, boolean frameworkStopped) {
        pid.remove();
        if (frameworkStopped) {
            deleteTree(cache);
        }
    }

    static void createDirectories(Path... dirs) throws LaunchException {
        for (Path d : dirs) {
            try {
                Files.createDirectories(d);
            } catch (IOException e) {
                throw new LaunchException("cannot create folder " + d + ": " + e, e);
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("cannot remove framework cache " + root + ": " + e);
        }
    }
}
