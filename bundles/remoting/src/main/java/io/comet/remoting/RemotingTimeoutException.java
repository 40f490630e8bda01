package io.comet.remoting;

/** No response arrived within the call's timeout. */
public class RemotingTimeoutException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingTimeoutException(String message) { super(message); }
}
