package io.comet.remoting;

/**
 * A listening RocketMQ endpoint. Requests are dispatched by code to registered processors on the executor of
 * their group; unknown codes get REQUEST_CODE_NOT_SUPPORTED. A malformed frame closes only its connection.
 */
public interface RemotingServer extends AutoCloseable {
    /** Service property under which a server is registered, the same value processors name in {@link RequestProcessor#SERVER}. */
    String NAME = RequestProcessor.SERVER;

    String name();

    /** The bound port (useful when configured with port 0). */
    int port();

    /** Serves {@code codes} with {@code processor} on the thread pool named {@code executorGroup}. Returns a handle that unregisters. */
    AutoCloseable registerProcessor(RequestProcessor processor, String executorGroup, int... codes);

    AutoCloseable addChannelListener(ChannelEventListener listener);

    /** Stops listening, closes connections, and stops the executors after they drain. */
    @Override
    void close();
}
