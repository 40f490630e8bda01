package io.comet.launcher;

/** The node cannot be started or run: a missing file, an unavailable role, a framework failure. */
public class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
