package io.comet.remoting;

/** The peer could not be reached, or the connection closed before the response. */
public class RemotingConnectException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingConnectException(String message) { super(message); }

    public RemotingConnectException(String message, Throwable cause) { super(message, cause); }
}
