package io.comet.remoting;

/**
 * A request is malformed: a required header field is missing or a value does not parse. The server answers it
 * with SYSTEM_ERROR and this message as the remark, and keeps the connection open.
 */
public class RemotingCommandException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingCommandException(String message) { super(message); }
}
