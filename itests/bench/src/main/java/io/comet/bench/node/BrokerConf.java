package io.comet.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RocketMQ properties files both systems get, written from the same keys so the settings are equivalent by
 * construction. Only keys that both Apache RocketMQ and Comet's metatype know are used (Comet refuses unknown
 * keys). Values are written {@code key=value}, one a line; paths never need escaping because they are absolute
 * temp paths without backslashes.
 */
public final class BrokerConf {
    private BrokerConf() {}

    /** The NameServer's file: only its port. */
    public static Path namesrv(Path dir, int port) {
        return write(dir.resolve("namesrv.properties"), Map.of("listenPort", Integer.toString(port)));
    }

    /**
     * A broker's file. {@code brokerId} 0 is the master (role from the spec), any other id a SLAVE; the HA port is
     * pinned to {@code listenPort + 1} for both systems.
     */
    public static Path broker(Path dir, ClusterSpec spec, int brokerId, int listenPort, String namesrvAddr) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("brokerClusterName", "BenchCluster");
        p.put("brokerName", "broker-a");
        p.put("brokerId", Integer.toString(brokerId));
        p.put("brokerIP1", "127.0.0.1");
        // the HA address: both systems default it to the machine's first non-loopback address, and a slave would
        // then replicate over it; the benchmark keeps every connection on loopback
        p.put("brokerIP2", "127.0.0.1");
        p.put("listenPort", Integer.toString(listenPort));
        p.put("haListenPort", Integer.toString(listenPort + 1));
        p.put("namesrvAddr", namesrvAddr);
        p.put("storePathRootDir", dir.resolve("store").toString());
        p.put("storePathCommitLog", dir.resolve("store").resolve("commitlog").toString());
        p.put("flushDiskType", spec.flushDiskType());
        p.put("brokerRole", brokerId == 0 ? spec.masterRole() : "SLAVE");
        p.put("autoCreateTopicEnable", "true");
        p.put("defaultTopicQueueNums", Integer.toString(spec.queues()));
        p.put("deleteWhen", "04");
        p.put("fileReservedTime", "48");
        return write(dir.resolve("broker.conf"), p);
    }

    private static Path write(Path file, Map<String, String> entries) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
                w.write("# written by the Comet benchmark harness\n");
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    w.write(e.getKey() + "=" + e.getValue() + "\n");
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
