package io.comet.remoting;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** One connection as a request processor or listener sees it; the server may also call the peer on it. */
public interface RemotingChannel {
    /** The peer's "ip:port". */
    String remoteAddress();

    /** Our own "ip:port" on this connection. */
    String localAddress();

    boolean isActive();

    /**
     * Sends a request to the peer (e.g. GET_CONSUMER_RUNNING_INFO) and completes with its response, or fails with
     * {@link RemotingTimeoutException} after {@code timeoutMillis} or {@link RemotingConnectException} when the
     * connection closes first. Completes on an I/O or timer thread.
     */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis);

    /** Sends a oneway request to the peer. */
    void invokeOneway(RemotingCommand request);

    /** Sends a response or any prepared frame as it is. */
    void send(RemotingCommand command);

    void close();

    /**
     * Runs tasks on the thread that serves this connection's I/O, after what it is doing now: work handed there
     * reads and writes the connection without a further thread hop (a response sent from it is written directly).
     * Only for short, non-blocking work. May reject ({@link java.util.concurrent.RejectedExecutionException}) once the
     * server is stopping. The default runs the task in the caller.
     */
    default Executor executor() {
        return Runnable::run;
    }
}
