package io.comet.bench.node;

/** A node did not come up: it exited or did not print its boot line in time. Carries the tail of its output. */
public class NodeFailedException extends Exception {
    private final String outputTail;

    public NodeFailedException(String message, String outputTail) {
        super(message);
        this.outputTail = outputTail;
    }

    public String outputTail() {
        return outputTail;
    }
}
