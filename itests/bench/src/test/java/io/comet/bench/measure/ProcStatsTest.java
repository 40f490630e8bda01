package io.comet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatsTest {
    @Test
    void readsPeakRssAndCpuTicksEvenWhenTheCommandNameHasSpacesAndParentheses(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("status"), "Name:\tjava\nVmPeak:\t 9999 kB\nVmHWM:\t  524288 kB\nVmRSS:\t 1 kB\n");
        // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        Files.writeString(dir.resolve("stat"), "4242 (my (odd) java) S 1 2 3 0 -1 4194560 10 0 0 0 1234 566 0 0 20 0\n");
        ProcStats s = new ProcStats(dir);
        assertEquals(512.0, s.peakRssMiB(), 1e-9);
        assertEquals(18.0, s.cpuSeconds(), 1e-9);
    }

    @Test
    void missingPeakLineIsAClearError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("status"), "Name:\tjava\n");
        IOException e = assertThrows(IOException.class, () -> new ProcStats(dir).peakRssMiB());
        assertTrue(e.getMessage().contains("VmHWM"), e.getMessage());
    }

    @Test
    void thisProcessHasAPeakAndUsedCpu() throws IOException {
        ProcStats self = new ProcStats(ProcessHandle.current().pid());
        assertTrue(self.peakRssMiB() > 1, "a JVM's peak RSS is more than 1 MiB");
        long end = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < end) {
            spin++;
        }
        assertTrue(spin > 0 && self.cpuSeconds() > 0.1, "spinning 0.3 s shows up as CPU time");
    }
}
