package io.comet.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApacheLauncherTest {
    @Test
    void namesTheArtifactsItStartsFromTheClasspathFiles(@TempDir Path dir) throws Exception {
        Path ns = write(dir.resolve("ns.txt"), "/m2/org/apache/rocketmq/rocketmq-namesrv/5.3.3/rocketmq-namesrv-5.3.3.jar:"
                + "/m2/io/netty/netty-all/4.1.114.Final/netty-all-4.1.114.Final.jar\n");
        Path broker = write(dir.resolve("broker.txt"), "/m2/rocketmq-broker-5.3.1.jar:/m2/rocketmq-store-5.3.1.jar:"
                + "/m2/rocketmq-client-5.3.1.jar");
        ApacheLauncher apache = ApacheLauncher.fromClasspathFiles(ns, broker);
        assertEquals(List.of("rocketmq-namesrv-5.3.3", "rocketmq-broker-5.3.1", "rocketmq-store-5.3.1"),
                apache.artifacts());
        assertEquals(List.of(dir.resolve("logs/rocketmqlogs/namesrv.log"), dir.resolve("logs/rocketmqlogs/broker.log")),
                apache.bootLogs(dir));
    }

    @Test
    void emptyOrMissingClasspathFileIsNamed(@TempDir Path dir) throws Exception {
        Path empty = write(dir.resolve("empty.txt"), "  \n");
        SystemUnavailableException e = assertThrows(SystemUnavailableException.class,
                () -> ApacheLauncher.fromClasspathFiles(empty, dir.resolve("missing.txt")));
        assertTrue(e.getMessage().contains(empty + " is missing or empty"), e.getMessage());
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }
}
