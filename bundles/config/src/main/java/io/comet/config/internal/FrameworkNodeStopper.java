package io.comet.config.internal;

import io.comet.config.NodeStopper;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the node as {@code docs/config.md} describes: logs {@code Comet cannot start: <reason>} (one line, no
 * stack trace), sets the system properties {@value #EXIT_CODE} = the exit status and {@value #EXIT_REASON} = the
 * reason, and stops the system bundle from a new thread. The launcher, once {@code waitForStop} returns, exits
 * with {@value #EXIT_CODE}. The framework property {@value #ON_ERROR} changes the last step:
 * {@code stop} (default), {@code exit} ({@code System.exit(code)} at once) or {@code log} (keep running without
 * configuration: for tests that look at the refusal).
 */
final class FrameworkNodeStopper implements NodeStopper {
    static final String EXIT_CODE = NodeStopper.EXIT_CODE;
    static final String EXIT_REASON = NodeStopper.EXIT_REASON;
    static final String ON_ERROR = "comet.config.onError";
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkNodeStopper.class);

    private final BundleContext context;
    private final String mode;

    FrameworkNodeStopper(BundleContext context) {
        this.context = context;
        String m = context.getProperty(ON_ERROR);
        this.mode = m == null || m.isBlank() ? "stop" : m.trim();
    }

    /** Stops the node with exit status 1 (cannot start). */
    void stop(String reason) {
        stop(1, reason);
    }

    @Override
    public void stop(int exitCode, String reason) {
        if (exitCode == 0) {
            throw new IllegalArgumentException("exit code 0 is a clean stop, not a failure: " + reason);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a node stop needs a reason");
        }
        LOG.error("Comet cannot start: {}", reason);
        System.setProperty(EXIT_CODE, Integer.toString(exitCode));
        System.setProperty(EXIT_REASON, reason);
        switch (mode) {
            case "log" -> { }
            case "exit" -> System.exit(exitCode);
            default -> {
                Thread stopper = new Thread(() -> {
                    try {
                        context.getBundle(0).stop();
                    } catch (BundleException | IllegalStateException e) {
                        LOG.error("Could not stop the framework after a stop request: {}", e.toString());
                        System.exit(exitCode);
                    }
                }, "comet-config-stop");
                stopper.setDaemon(false);
                stopper.start();
            }
        }
    }
}
