package io.comet.remoting;

/** Creates servers and clients. Works the same inside and outside an OSGi framework. */
public final class Remoting {
    private Remoting() {}

    /** Binds and starts a server; fails if the port cannot be bound. */
    public static RemotingServer newServer(ServerSettings settings) {
        return io.comet.remoting.internal.NettyRemotingServer.start(settings);
    }

    public static RemotingClient newClient(ClientSettings settings) {
        return new io.comet.remoting.internal.NettyRemotingClient(settings);
    }
}
