package io.comet.remoting;

/** A remote call failed: the connection, the send, the timeout or a malformed command. */
public class RemotingException extends Exception {
    private static final long serialVersionUID = 1L;

    public RemotingException(String message) { super(message); }

    public RemotingException(String message, Throwable cause) { super(message, cause); }
}
