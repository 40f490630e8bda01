package io.comet.namesrv.internal;

import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import java.util.concurrent.CompletableFuture;

/** A connection stand-in for unit tests: fixed endpoints, records whether it was closed. */
public final class FakeChannel implements RemotingChannel {
    private final String remote;
    private volatile boolean closed;

    public FakeChannel(String remote) {
        this.remote = remote;
    }

    @Override public String remoteAddress() { return remote; }
    @Override public String localAddress() { return "127.0.0.1:9876"; }
    @Override public boolean isActive() { return !closed; }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("fake channel"));
    }

    @Override public void invokeOneway(RemotingCommand request) {}
    @Override public void send(RemotingCommand command) {}
    @Override public void close() { closed = true; }

    public boolean closed() { return closed; }
}
