package io.comet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsMatchTheIssue() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(List.of("comet", "apache"), o.systems);
        assertEquals(16, o.threads);
        assertEquals(List.of(128, 1024, 16384), o.sizes);
        assertEquals(List.of("ASYNC_FLUSH", "SYNC_FLUSH"), o.flushModes);
        assertEquals(200_000, o.backlog);
        assertEquals(8, o.queues);
        assertEquals(1, o.runs);
        assertTrue(o.wants("ha") && o.wants("disk"));
    }

    @Test
    void flagsOverrideDefaultsAndEmptyArgumentsFromMavenAreIgnored() {
        BenchOptions o = BenchOptions.parse("--only", "apache", "--runs", "3", "--sizes", "128, 4096",
                "--figures", "send,drain", "--flush", "SYNC_FLUSH", "--send-seconds", "7", "", "--keep-data",
                "--heap", "2g");
        assertEquals(List.of("apache"), o.systems);
        assertEquals(3, o.runs);
        assertEquals(List.of(128, 4096), o.sizes);
        assertTrue(o.wants("drain"));
        assertFalse(o.wants("ha"));
        assertEquals(List.of("SYNC_FLUSH"), o.flushModes);
        assertEquals(Duration.ofSeconds(7), o.sendWindow);
        assertTrue(o.keepData);
        assertEquals("2g", o.heap);
    }

    @Test
    void badInputNamesTheFlagAndWhatIsValid() {
        assertMessage("--runs: '0' is not valid; expected a whole number > 0", "--runs", "0");
        assertMessage("--only: 'kafka' is not valid; expected comet, apache or both", "--only", "kafka");
        assertMessage("--figures: 'latency' is not valid", "--figures", "send,latency");
        assertMessage("--heap: '1GB' is not valid; expected a size like 512m or 1g", "--heap", "1GB");
        assertMessage("unknown flag --speed", "--speed", "11");
        assertMessage("flag --runs needs a value", "--runs");
    }

    @Test
    void helpPrintsTheCommand() {
        assertTrue(BenchOptions.parse("--help").help);
        assertTrue(BenchOptions.HELP.contains("mvn -B -Pbench -pl itests/bench -am verify -Dbench.args="));
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
