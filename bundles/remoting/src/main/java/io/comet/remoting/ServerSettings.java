package io.comet.remoting;

import java.util.Map;

/**
 * How a {@link RemotingServer} listens and works.
 *
 * @param name            server name, matched by processors' {@link RequestProcessor#SERVER}
 * @param bindAddress     address to bind ({@code 0.0.0.0} for all, {@code 127.0.0.1} in tests)
 * @param port            port, 0 for any free one
 * @param ioThreads       Netty worker threads
 * @param executorThreads threads per executor group; groups not named get {@code defaultExecutorThreads}
 * @param defaultExecutorThreads threads of an unnamed group
 * @param maxFrameLength  largest accepted frame (length prefix + 4); larger ones close the connection
 * @param idleSeconds     a channel with no traffic for this long is closed (RocketMQ: 120)
 */
public record ServerSettings(String name, String bindAddress, int port, int ioThreads,
                             Map<String, Integer> executorThreads, int defaultExecutorThreads,
                             int maxFrameLength, int idleSeconds) {
    public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

    public ServerSettings {
        executorThreads = Map.copyOf(executorThreads);
    }

    /** Defaults as RocketMQ's: 3 I/O threads, 16 MiB frames, 120 s idle, 8 threads per group. */
    public static ServerSettings of(String name, String bindAddress, int port) {
        return new ServerSettings(name, bindAddress, port, 3, Map.of(), 8, DEFAULT_MAX_FRAME, 120);
    }

    public ServerSettings withExecutor(String group, int threads) {
        Map<String, Integer> m = new java.util.HashMap<>(executorThreads);
        m.put(group, threads);
        return new ServerSettings(name, bindAddress, port, ioThreads, m, defaultExecutorThreads, maxFrameLength, idleSeconds);
    }

    public ServerSettings withMaxFrameLength(int max) {
        return new ServerSettings(name, bindAddress, port, ioThreads, executorThreads, defaultExecutorThreads, max, idleSeconds);
    }

    public ServerSettings withIdleSeconds(int seconds) {
        return new ServerSettings(name, bindAddress, port, ioThreads, executorThreads, defaultExecutorThreads, maxFrameLength, seconds);
    }
}
