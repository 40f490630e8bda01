package io.comet.launcher;

/** The command line is wrong; the message says what was wrong. The launcher prints it with the usage text. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
