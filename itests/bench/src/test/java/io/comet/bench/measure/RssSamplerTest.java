package io.comet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RssSamplerTest {
    private static void status(Path dir, long anonKiB, long fileKiB) throws IOException {
        Files.writeString(dir.resolve("status"), "Name:\tjava\nVmHWM:\t 9 kB\nRssAnon:\t " + anonKiB
                + " kB\nRssFile:\t  " + fileKiB + " kB\nRssShmem:\t 0 kB\n");
    }

    @Test
    @Timeout(10)
    void keepsThePeakOfEachPartAcrossSamplesAndAfterTheProcessIsGone(@TempDir Path dir) throws IOException {
        status(dir, 2048, 1024);
        RssSampler s = RssSampler.start(new ProcStats(dir), Duration.ofHours(1)); // the first sample only
        s.sample();
        status(dir, 1024, 4096); // anon fell, file rose
        s.sample();
        Files.delete(dir.resolve("status")); // process ended
        s.close();
        assertEquals(2.0, s.peakAnonMiB(), 1e-9);
        assertEquals(4.0, s.peakFileMiB(), 1e-9);
    }

    @Test
    void readsAnyKiBFieldOfStatus(@TempDir Path dir) throws IOException {
        status(dir, 300, 700);
        assertEquals(700, new ProcStats(dir).statusKiB("RssFile"));
        assertEquals(300, new ProcStats(dir).statusKiB("RssAnon"));
    }
}
