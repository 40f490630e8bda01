package io.comet.remoting;

import java.util.concurrent.CompletableFuture;

/**
 * Calls RocketMQ endpoints by "ip:port", one multiplexed connection per address, matching responses by opaque.
 * Requests the peer sends back on a connection go to processors registered here.
 */
public interface RemotingClient extends AutoCloseable {
    /**
     * Sends {@code request} to {@code address} ("ip:port"), connecting first if needed, and completes with the
     * response. Fails with {@link RemotingTimeoutException} after {@code timeoutMillis} (the connection stays
     * open) and with {@link RemotingConnectException} when the address cannot be reached or the connection closes
     * before the response. The future completes on an I/O or timer thread: stages that block or work long must
     * use the {@code *Async} variants.
     */
    CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMillis);

    /**
     * Blocks for the response; for callers that are not on an event loop.
     *
     * @throws IllegalStateException when called on a Netty event loop thread
     */
    RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis) throws RemotingException;

    void invokeOneway(String address, RemotingCommand request, long timeoutMillis) throws RemotingException;

    /** Serves requests that peers send on connections this client opened (e.g. CHECK_TRANSACTION_STATE). */
    AutoCloseable registerProcessor(RequestProcessor processor, int... codes);

    /** Closes the connection to one address, if open. */
    void closeConnection(String address);

    @Override
    void close();
}
