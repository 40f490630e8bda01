package io.comet.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {
    @Test
    void aFigureAddedLateStaysWithItsGroup() {
        Results r = new Results();
        r.add("send.SYNC_FLUSH.16384B.msgs_per_s", "msg/s", Better.HIGHER, "comet", 0);
        r.add("broker.peak_rss_MiB", "MiB", Better.LOWER, "comet", 900);
        r.add("send.SYNC_FLUSH.16384B.msgs_per_s", "msg/s", Better.HIGHER, "apache", 3000);
        r.add("send.SYNC_FLUSH.16384B.p99_ms", "ms", Better.LOWER, "apache", 40);
        assertEquals(List.of("send.SYNC_FLUSH.16384B.msgs_per_s", "send.SYNC_FLUSH.16384B.p99_ms",
                "broker.peak_rss_MiB"), r.figures().stream().map(Figure::id).toList());
    }

    @Test
    void aFigureKeepsItsUnitAndDirection() {
        Results r = new Results();
        r.add("e2e.p99_ms", "ms", Better.LOWER, "comet", 3);
        assertThrows(IllegalArgumentException.class, () -> r.add("e2e.p99_ms", "s", Better.LOWER, "apache", 1));
    }

    @Test
    void notesAreKeptOncePerSystem() {
        Results r = new Results();
        r.note("comet", "Comet broker not available in this build");
        r.note("comet", "Comet broker not available in this build");
        assertEquals(List.of("Comet broker not available in this build"), r.notes().get("comet"));
    }
}
