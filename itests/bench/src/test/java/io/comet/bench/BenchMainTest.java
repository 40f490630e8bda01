package io.comet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.bench.node.FakeDistribution;
import io.comet.bench.node.Reaper;
import io.comet.bench.report.Figure;
import io.comet.bench.report.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class BenchMainTest {
    @Test
    void cometWithoutBrokerIsNotedNotCrashedAndApacheWithoutClasspathToo(@TempDir Path tmp) throws Exception {
        Path dist = FakeDistribution.create(tmp.resolve("dist"), FakeDistribution.BROKER_NOT_BUILT);
        BenchOptions opts = BenchOptions.parse("--comet-dist", dist.toString(), "--figures", "boot,send,ha,disk",
                "--disk-mib", "4", "--dsync-seconds", "1", "--runs", "2",
                "--apache-namesrv-classpath", tmp.resolve("none-ns.txt").toString(),
                "--apache-broker-classpath", tmp.resolve("none-broker.txt").toString());
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        Reaper reaper = new Reaper();
        reaper.track(runDir);

        Results r = BenchMain.run(opts, runDir, reaper);

        assertEquals(List.of("Comet broker not available in this build"),
                r.notes().get("comet").stream().map(n -> n.replaceFirst("^ASYNC_FLUSH: ", "")).toList());
        assertTrue(r.notes().get("apache").get(0).contains("none-ns.txt is missing or empty"),
                r.notes().get("apache").toString());
        Figure nsBoot = find(r, "boot.namesrv_ms");
        assertEquals(2, nsBoot.runs("comet").size(), "the Comet NameServer was booted and timed in both runs");
        assertEquals(2, find(r, "disk.seq_write_fdatasync_MB_per_s").runs(Figure.MACHINE).size());
        assertFalse(r.figures().stream().anyMatch(f -> f.id().startsWith("send.") || f.id().startsWith("ha.")),
                "no broker figure without a broker");
        reaper.cleanUp();
        assertFalse(Files.exists(runDir), "run folder deleted");
    }

    private static Figure find(Results r, String id) {
        return r.figures().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + id + " in " + r.figures().stream()
                        .map(Figure::id).toList()));
    }
}
