package io.comet.namesrv.internal.route;

/**
 * What a registering broker learns: for a slave, its master's address and HA address (both {@code null} for a
 * master or while the master is not registered).
 */
public record RegisterResult(String haServerAddr, String masterAddr) {
    static final RegisterResult NONE = new RegisterResult(null, null);
}
