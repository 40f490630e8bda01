package io.comet.bench.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NodeProcessTest {
    @Test
    void bootLineInALogFileIsTimedFromSpawn(@TempDir Path dir) throws Exception {
        try (NodeProcess p = NodeProcess.start("n", List.of("sh", "-c",
                "sleep 0.4; echo 'x boot success y' > \"$LOGFILE\"; exec sleep 60"),
                Map.of("LOGFILE", dir.resolve("n.log").toString()), dir)) {
            long ms = p.awaitLine("boot success", List.of(dir.resolve("n.log")), Duration.ofSeconds(20));
            assertTrue(ms >= 400 && ms < 15_000, "boot after " + ms + " ms");
        }
    }

    @Test
    void exitBeforeTheBootLineFailsWithTheOutput(@TempDir Path dir) {
        NodeProcess p = NodeProcess.start("n", List.of("sh", "-c", "echo 'bad config key'; exit 4"), Map.of(), dir);
        NodeFailedException e = assertThrows(NodeFailedException.class,
                () -> p.awaitLine("boot success", List.of(), Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("exited with status 4"), e.getMessage());
        assertTrue(e.outputTail().contains("bad config key"), e.outputTail());
    }

    @Test
    void silenceTimesOut(@TempDir Path dir) {
        try (NodeProcess p = NodeProcess.start("n", List.of("sleep", "60"), Map.of(), dir)) {
            NodeFailedException e = assertThrows(NodeFailedException.class,
                    () -> p.awaitLine("boot success", List.of(), Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("did not print 'boot success' within"), e.getMessage());
        }
    }

    @Test
    void closeStopsTheProcessAndChildrenItLeft(@TempDir Path dir) throws Exception {
        NodeProcess p = NodeProcess.start("n", List.of("sh", "-c",
                "sleep 60 & echo $! > child.pid; echo boot success; wait"), Map.of(), dir);
        p.awaitLine("boot success", List.of(), Duration.ofSeconds(20));
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        p.close();
        assertFalse(p.isAlive());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "child stopped");
    }
}
