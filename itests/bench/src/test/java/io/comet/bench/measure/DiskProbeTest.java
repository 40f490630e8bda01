package io.comet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DiskProbeTest {
    @Test
    void measuresBothLimitsAndLeavesNoFileBehind(@TempDir Path dir) throws IOException {
        DiskProbe probe = new DiskProbe(dir);
        double seq = probe.sequentialWriteMBps(8);
        double dsync = probe.dsyncWritesPerSecond(200);
        assertTrue(seq > 1 && seq < 100_000, "sequential MB/s plausible: " + seq);
        assertTrue(dsync > 1 && dsync < 10_000_000, "dsync writes/s plausible: " + dsync);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "probe files deleted");
        }
    }

    @Test
    void refusesEmptyProbes(@TempDir Path dir) {
        DiskProbe probe = new DiskProbe(dir);
        assertThrows(IllegalArgumentException.class, () -> probe.sequentialWriteMBps(0));
        assertThrows(IllegalArgumentException.class, () -> probe.dsyncWritesPerSecond(0));
    }
}
