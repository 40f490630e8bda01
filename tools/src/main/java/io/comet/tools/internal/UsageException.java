package io.comet.tools.internal;

/** A wrong command line: the message names what was wrong; the launcher adds the usage and exits 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
