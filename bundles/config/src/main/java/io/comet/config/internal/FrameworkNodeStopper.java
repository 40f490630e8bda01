package io.comet.config.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the node as {@code docs/config.md} describes: logs {@code Comet cannot start: <reason>} (one line, no
 * stack trace), sets the system properties {@value #EXIT_CODE} = {@code 1} and {@value #EXIT_REASON} = the
 * reason, and stops the system bundle from a new thread. The launcher, once {@code waitForStop} returns, exits
 * with {@value #EXIT_CODE}. The framework property {@value #ON_ERROR} changes the last step:
 * {@code stop} (default), {@code exit} ({@code System.exit(1)} at once) or {@code log} (keep running without
 * configuration: for tests that look at the refusal).
 */
final class FrameworkNodeStopper implements NodeStopper {
    static final String EXIT_CODE = "comet.exit.code";
    static final String EXIT_REASON = "comet.exit.reason";
    static final String ON_ERROR = "comet.config.onError";
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkNodeStopper.class);

    private final BundleContext context;
    private final String mode;

    FrameworkNodeStopper(BundleContext context) {
        this.context = context;
        String m = context.getProperty(ON_ERROR);
        this.mode = m == null || m.isBlank() ? "stop" : m.trim();
    }

    @Override
    public void stop(String reason) {
        LOG.error("Comet cannot start: {}", reason);
        System.setProperty(EXIT_CODE, "1");
        System.setProperty(EXIT_REASON, reason);
        switch (mode) {
            case "log" -> { }
            case "exit" -> System.exit(1);
            default -> {
                Thread stopper = new Thread(() -> {
                    try {
                        context.getBundle(0).stop();
                    } catch (BundleException | IllegalStateException e) {
                        LOG.error("Could not stop the framework after a configuration error: {}", e.toString());
                        System.exit(1);
                    }
                }, "comet-config-stop");
                stopper.setDaemon(false);
                stopper.start();
            }
        }
    }
}
