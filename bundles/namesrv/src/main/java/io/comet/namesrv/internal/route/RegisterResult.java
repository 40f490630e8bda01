package io.comet.namesrv.internal.route;

/**
 * What a registering broker learns: for a slave, its master's address and HA address (both {@code null} for a
 * master or while the master is not registered); {@code connectionClosed} when nothing was registered because
 * the connection the request came on had already closed.
 */
public record RegisterResult(String haServerAddr, String masterAddr, boolean connectionClosed) {
    static final RegisterResult NONE = new RegisterResult(null, null);
    static final RegisterResult CLOSED = new RegisterResult(null, null, true);

    public RegisterResult(String haServerAddr, String masterAddr) {
        this(haServerAddr, masterAddr, false);
    }
}
