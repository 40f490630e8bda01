package io.comet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void nearestRankPercentilesOverShuffledSamples() {
        Latencies l = new Latencies();
        // 1..1000 microseconds, recorded out of order
        for (int i = 0; i < 1000; i++) {
            l.record(((i * 7919L) % 1000 + 1) * 1_000);
        }
        assertEquals(1000, l.count());
        assertEquals(0.500, l.percentileMillis(50), 1e-9);
        assertEquals(0.990, l.percentileMillis(99), 1e-9);
        assertEquals(0.999, l.percentileMillis(99.9), 1e-9);
        assertEquals(1.000, l.percentileMillis(100), 1e-9);
    }

    @Test
    void mergeKeepsEverySampleOfEveryPart() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 0; i < 20_000; i++) {
            a.record(1_000_000);
        }
        b.record(50_000_000);
        Latencies all = Latencies.merge(List.of(a, b));
        assertEquals(20_001, all.count());
        assertEquals(1.0, all.percentileMillis(99.99), 1e-9);
        assertEquals(50.0, all.percentileMillis(100), 1e-9);
    }

    @Test
    void emptyIsNaNAndBadInputIsRefused() {
        Latencies l = new Latencies();
        assertTrue(Double.isNaN(l.percentileMillis(50)));
        assertThrows(IllegalArgumentException.class, () -> l.record(-1));
        assertThrows(IllegalArgumentException.class, () -> l.percentileMillis(0));
        assertThrows(IllegalArgumentException.class, () -> l.percentileMillis(101));
    }
}
