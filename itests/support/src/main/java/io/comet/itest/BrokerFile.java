package io.comet.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One broker of a cluster as a properties file describes it: {@code name} is the file's name without
 * {@code .properties} (e.g. {@code broker-a-s}), {@code properties} what it holds. {@link #layout} reads the
 * files of a shipped layout folder ({@code conf/2m-2s-sync/}, ...); {@link #forTest} rewrites one for a test.
 */
public record BrokerFile(String name, Map<String, String> properties) {
    /** The keys {@link #forTest} sets, whatever the file held. */
    public static final List<String> REWRITTEN = List.of("listenPort", "haListenPort", "brokerIP1", "bindAddress",
            "namesrvAddr", "storePathRootDir");

    /** Delay levels of {@link #quickMaster}: level 1 and the first retries after 1 s, the rest after 2 s. */
    public static final String SHORT_DELAY_LEVELS = "1s 1s 1s 1s 2s 2s 2s 2s 2s 2s 2s 2s 2s 2s 2s 2s 2s 2s";

    public BrokerFile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a broker file needs a name");
        }
        properties = Map.copyOf(properties);
        for (String key : List.of("brokerName", "brokerId")) {
            if (!properties.containsKey(key)) {
                throw new IllegalArgumentException("broker file " + name + " sets no " + key);
            }
        }
    }

    public String brokerName() {
        return properties.get("brokerName").trim();
    }

    public long brokerId() {
        String id = properties.get("brokerId").trim();
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("broker file " + name + ": brokerId '" + id + "' is not a number", e);
        }
    }

    /**
     * Every {@code *.properties} file of {@code confDir/<layout>/}, sorted by name (so {@code broker-a} comes
     * before {@code broker-a-s}).
     *
     * @throws IllegalArgumentException when the folder does not exist or holds no properties file
     */
    public static List<BrokerFile> layout(Path confDir, String layout) {
        Path dir = confDir.resolve(layout);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no layout folder " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<BrokerFile> brokers = files.filter(f -> f.getFileName().toString().endsWith(".properties"))
                    .map(BrokerFile::read).sorted(java.util.Comparator.comparing(BrokerFile::name)).toList();
            if (brokers.isEmpty()) {
                throw new IllegalArgumentException("layout folder " + dir + " holds no *.properties file");
            }
            return brokers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file named {@code broker} for a lone master {@code brokerName} of cluster {@code CometCluster}, made for
     * consumer tests: ASYNC_FLUSH, SQL92 filtering on, {@link #SHORT_DELAY_LEVELS} so retries come quickly, and
     * transactions checked back after 1 s.
     */
    public static BrokerFile quickMaster(String brokerName) {
        Map<String, String> props = new LinkedHashMap<>(Map.of(
                "brokerClusterName", "CometCluster", "brokerName", brokerName, "brokerId", "0",
                "flushDiskType", "ASYNC_FLUSH", "enablePropertyFilter", "true"));
        props.put("messageDelayLevel", SHORT_DELAY_LEVELS);
        props.put("transactionTimeOut", "1000");
        props.put("transactionCheckInterval", "1000");
        return new BrokerFile("broker", props);
    }

    /**
     * A file named {@code broker} for a lone ASYNC_FLUSH master {@code brokerName} of cluster {@code CometCluster},
     * with the broker's defaults otherwise; {@code extra} adds or replaces keys (not the address keys).
     */
    public static BrokerFile lone(String brokerName, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>(Map.of(
                "brokerClusterName", "CometCluster", "brokerName", brokerName, "brokerId", "0",
                "flushDiskType", "ASYNC_FLUSH"));
        props.putAll(extra);
        return new BrokerFile("broker", props);
    }

    /** Reads one properties file; its name without {@code .properties} names the broker file. */
    public static BrokerFile read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k).trim()));
        String fileName = file.getFileName().toString();
        return new BrokerFile(fileName.replaceFirst("\\.properties$", ""), entries);
    }

    /**
     * This file for a test: ports, addresses, the NameServer and the store folder replaced (the keys of
     * {@link #REWRITTEN}), then {@code overrides} applied; everything else as the file had it.
     *
     * @throws IllegalArgumentException when {@code overrides} set the broker's address ({@code listenPort},
     *         {@code haListenPort}, {@code brokerIP1}): the test fixture picks those and reports them
     */
    public Map<String, String> forTest(int port, int haPort, String namesrvAddr, Path storeDir,
                                       Map<String, String> overrides) {
        for (String key : List.of("listenPort", "haListenPort", "brokerIP1")) {
            if (overrides.containsKey(key)) {
                throw new IllegalArgumentException("broker file " + name + ": " + key + " is picked by the test "
                        + "fixture, not overridden (asked for " + overrides.get(key) + ")");
            }
        }
        Map<String, String> out = new LinkedHashMap<>(properties);
        out.put("listenPort", String.valueOf(port));
        out.put("haListenPort", String.valueOf(haPort));
        out.put("brokerIP1", "127.0.0.1");
        out.put("bindAddress", "127.0.0.1");
        out.put("namesrvAddr", namesrvAddr);
        out.put("storePathRootDir", storeDir.toString());
        out.putAll(overrides);
        return out;
    }
}
