package io.comet.config.internal;

/** Ends the node when its configuration is refused at start. */
interface NodeStopper {
    /**
     * Logs {@code Comet cannot start: <reason>} once and stops the node with a non-zero exit status.
     *
     * @param reason the refusal, naming key, value, file and what is valid
     */
    void stop(String reason);
}
