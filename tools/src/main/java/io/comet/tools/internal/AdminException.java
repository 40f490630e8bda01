package io.comet.tools.internal;

/** A command that could not be done: a refused request (with the response code) or an unreachable peer. */
public final class AdminException extends Exception {
    private final int code;

    public AdminException(int code, String message) {
        super(message);
        this.code = code;
    }

    public AdminException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    /** The response code of a refused request, -1 for other failures. */
    public int code() {
        return code;
    }
}
