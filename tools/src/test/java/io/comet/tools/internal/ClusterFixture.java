package io.comet.tools.internal;

import io.comet.common.TopicConfig;
import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import io.comet.namesrv.internal.NameServerCore;
import io.comet.namesrv.internal.NamesrvSettings;
import io.comet.remoting.RemotingServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A real Comet NameServer (its core, in-process, on a free loopback port) with two fake brokers registered:
 * broker-a (cluster ClusterOne, topics TopicA 2/2 and TBW102) and broker-b (ClusterTwo, TopicB 1/1). The NameServer's
 * configuration service is a map that refuses non-numeric values of {@code scanNotActiveBrokerInterval}.
 */
final class ClusterFixture implements AutoCloseable {
    final NameServerCore core;
    final String namesrv;
    final FakeBroker a;
    final FakeBroker b;
    final SortedMap<String, String> nsConfig = new TreeMap<>(Map.of("listenPort", "0",
            "scanNotActiveBrokerInterval", "5000", "orderMessageEnable", "false"));
    private final List<AutoCloseable> open = new ArrayList<>();

    ClusterFixture(Path dir) throws Exception {
        ConfigService config = new ConfigService() {
            @Override
            public synchronized void update(Map<String, String> properties, String source) throws ConfigException {
                for (Map.Entry<String, String> e : properties.entrySet()) {
                    if (!nsConfig.containsKey(e.getKey())) {
                        throw ConfigException.withMessage("unknown key '" + e.getKey() + "' in " + source, e.getKey(),
                                e.getValue(), source);
                    }
                    if (e.getKey().equals("scanNotActiveBrokerInterval") && !e.getValue().matches("\\d+")) {
                        throw ConfigException.withMessage("invalid value '" + e.getValue()
                                + "' for scanNotActiveBrokerInterval in " + source, e.getKey(), e.getValue(), source);
                    }
                }
                nsConfig.putAll(properties);
            }

            @Override
            public synchronized SortedMap<String, String> current() {
                return new TreeMap<>(nsConfig);
            }

            @Override
            public String pidOf(String key) {
                return nsConfig.containsKey(key) ? "comet.namesrv" : null;
            }

            @Override
            public String file() {
                return null;
            }
        };
        core = new NameServerCore(NamesrvSettings.defaults().withAddress("127.0.0.1", 0)
                .withKvConfigPath(dir.resolve("kvConfig.json")), System::currentTimeMillis, () -> config,
                () -> nsConfig, new NameServerCore.ServerListener() {
                    @Override public void bound(RemotingServer server) { }
                    @Override public void unbinding(RemotingServer server) { }
                });
        open.add(core);
        core.start();
        namesrv = "127.0.0.1:" + core.server().port();
        a = new FakeBroker("ClusterOne", "broker-a");
        open.add(a);
        a.topics.put("TopicA", TopicConfig.of("TopicA", 2, 2));
        a.topics.put("TBW102", TopicConfig.of("TBW102", 8, 8).withPerm(7));
        a.topics.put("%RETRY%cg", TopicConfig.of("%RETRY%cg", 1, 1));
        a.register(namesrv);
        b = new FakeBroker("ClusterTwo", "broker-b");
        open.add(b);
        b.topics.put("TopicB", TopicConfig.of("TopicB", 1, 1));
        b.register(namesrv);
    }

    AdminRun admin(String... args) {
        return AdminRun.of(Map.of("NAMESRV_ADDR", namesrv), args);
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
