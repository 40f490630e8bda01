package io.comet.namesrv.internal;

import io.comet.namesrv.internal.processor.Tunables;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The NameServer configuration the core uses, validated. Built from {@link NameServerConfiguration} by the DS
 * component, or directly by tests.
 */
public record NamesrvSettings(String bindAddress, int listenPort, int ioThreads, int clientThreads,
                              int defaultThreads, int idleSeconds, long scanIntervalMillis, long expiryMillis,
                              Path kvConfigPath, boolean supportActingMaster, boolean deleteTopicWithBrokerRegistration,
                              Tunables tunables, String rocketmqHome) {

    public NamesrvSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be empty");
        }
        check("listenPort", listenPort, 0, 65535);
        check("serverSelectorThreads", ioThreads, 1, 1024);
        check("clientRequestThreadPoolNums", clientThreads, 1, 4096);
        check("defaultThreadPoolNums", defaultThreads, 1, 4096);
        check("serverChannelMaxIdleTimeSeconds", idleSeconds, 1, Integer.MAX_VALUE);
        check("scanNotActiveBrokerInterval", scanIntervalMillis, 1, Long.MAX_VALUE);
        check("brokerChannelExpiredTime", expiryMillis, 1, Long.MAX_VALUE);
    }

    private static void check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + "=" + value + " is out of range [" + min + ", " + max + "]");
        }
    }

    /** RocketMQ's defaults, bound to 0.0.0.0:9876 with the KV file under the user's home. */
    public static NamesrvSettings defaults() {
        return new NamesrvSettings("0.0.0.0", 9876, 3, 8, 16, 120, 5000, 120_000,
                expandPath("~/namesrv/kvConfig.json"), false, false, Tunables.defaults(), "");
    }

    public static NamesrvSettings from(NameServerConfiguration c) {
        return new NamesrvSettings(c.bindAddress().trim(), c.listenPort(), c.serverSelectorThreads(),
                c.clientRequestThreadPoolNums(), c.defaultThreadPoolNums(), c.serverChannelMaxIdleTimeSeconds(),
                c.scanNotActiveBrokerInterval(), c.brokerChannelExpiredTime(), expandPath(c.kvConfigPath()),
                c.supportActingMaster(), c.deleteTopicWithBrokerRegistration(),
                new Tunables(c.orderMessageEnable(), c.returnOrderTopicConfigToBroker(), c.enableAllTopicList(),
                        c.enableTopicList(), Tunables.parseBlackList(c.configBlackList())),
                c.rocketmqHome());
    }

    /** {@code ~} and {@code ${user.home}} become the user's home directory. */
    static Path expandPath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("kvConfigPath must not be empty");
        }
        String home = System.getProperty("user.home");
        String p = path.trim().replace("${user.home}", home);
        if (p.equals("~") || p.startsWith("~/")) {
            p = home + p.substring(1);
        }
        return Paths.get(p);
    }

    /** Whether going from this to {@code next} needs a new listening server. */
    boolean needsRebind(NamesrvSettings next) {
        return !bindAddress.equals(next.bindAddress) || listenPort != next.listenPort || ioThreads != next.ioThreads
                || clientThreads != next.clientThreads || defaultThreads != next.defaultThreads
                || idleSeconds != next.idleSeconds;
    }

    public NamesrvSettings withAddress(String bind, int port) {
        return new NamesrvSettings(bind, port, ioThreads, clientThreads, defaultThreads, idleSeconds, scanIntervalMillis,
                expiryMillis, kvConfigPath, supportActingMaster, deleteTopicWithBrokerRegistration, tunables, rocketmqHome);
    }

    public NamesrvSettings withKvConfigPath(Path path) {
        return new NamesrvSettings(bindAddress, listenPort, ioThreads, clientThreads, defaultThreads, idleSeconds,
                scanIntervalMillis, expiryMillis, path, supportActingMaster, deleteTopicWithBrokerRegistration, tunables,
                rocketmqHome);
    }

    public NamesrvSettings withExpiry(long scanInterval, long expiry) {
        return new NamesrvSettings(bindAddress, listenPort, ioThreads, clientThreads, defaultThreads, idleSeconds,
                scanInterval, expiry, kvConfigPath, supportActingMaster, deleteTopicWithBrokerRegistration, tunables,
                rocketmqHome);
    }

    public NamesrvSettings withTunables(Tunables t) {
        return new NamesrvSettings(bindAddress, listenPort, ioThreads, clientThreads, defaultThreads, idleSeconds,
                scanIntervalMillis, expiryMillis, kvConfigPath, supportActingMaster, deleteTopicWithBrokerRegistration, t,
                rocketmqHome);
    }
}
