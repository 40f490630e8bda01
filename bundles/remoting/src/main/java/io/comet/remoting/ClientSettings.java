package io.comet.remoting;

/**
 * How a {@link RemotingClient} connects.
 *
 * @param ioThreads          Netty worker threads
 * @param connectTimeoutMillis connect timeout (RocketMQ: 3000)
 * @param maxFrameLength     largest accepted frame
 * @param idleSeconds        idle connections are closed after this long (RocketMQ: 120)
 * @param serializeType      header encoding of requests this client sends
 */
public record ClientSettings(int ioThreads, int connectTimeoutMillis, int maxFrameLength, int idleSeconds,
                             SerializeType serializeType) {
    public static ClientSettings defaults() {
        return new ClientSettings(2, 3000, ServerSettings.DEFAULT_MAX_FRAME, 120, SerializeType.JSON);
    }

    public ClientSettings withSerializeType(SerializeType type) {
        return new ClientSettings(ioThreads, connectTimeoutMillis, maxFrameLength, idleSeconds, type);
    }
}
