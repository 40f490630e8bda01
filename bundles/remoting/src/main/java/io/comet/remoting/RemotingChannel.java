package io.comet.remoting;

import java.util.concurrent.CompletableFuture;

/** One connection as a request processor or listener sees it; the server may also call the peer on it. */
public interface RemotingChannel {
    /** The peer's "ip:port". */
    String remoteAddress();

    /** Our own "ip:port" on this connection. */
    String localAddress();

    boolean isActive();

    /** Sends a request to the peer (e.g. NOTIFY_CONSUMER_IDS_CHANGED) and completes with its response. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis);

    /** Sends a oneway request to the peer. */
    void invokeOneway(RemotingCommand request);

    /** Sends a response or any prepared frame as it is. */
    void send(RemotingCommand command);

    void close();
}
