package io.comet.bench.node;

/**
 * A system cannot be measured in this run, e.g. "Comet broker not available in this build" while the broker bundle
 * is not built yet. The harness records the reason for every figure of that system and goes on with the others.
 */
public class SystemUnavailableException extends Exception {
    public SystemUnavailableException(String message) {
        super(message);
    }
}
