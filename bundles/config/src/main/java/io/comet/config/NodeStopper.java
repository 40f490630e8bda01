package io.comet.config;

/**
 * Stops the whole node when a role cannot do its job (its configuration is refused, its port cannot be bound),
 * following the stop contract of {@code docs/config.md} and {@code docs/runtime.md}: it logs
 * {@code Comet cannot start: <reason>} once at ERROR, sets the system properties {@code comet.exit.code} and
 * {@code comet.exit.reason}, and stops the system bundle from a new thread; the launcher then prints the reason
 * and exits with that code. The config bundle registers one as a service.
 */
public interface NodeStopper {
    /** The system property the launcher takes its exit status from. */
    String EXIT_CODE = "comet.exit.code";
    /** The system property the launcher prints as the reason the node stopped. */
    String EXIT_REASON = "comet.exit.reason";

    /**
     * Stops the node; returns at once (the framework stops on another thread).
     *
     * @param exitCode the launcher's exit status, not 0 (1 = cannot start)
     * @param reason   one line naming what failed and the values involved (key, address, port, file)
     * @throws IllegalArgumentException when {@code exitCode} is 0 or {@code reason} is blank
     */
    void stop(int exitCode, String reason);
}
