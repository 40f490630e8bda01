package io.comet.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FigureTest {
    @Test
    void medianOfOddAndEvenRunCountsAndRatioOfMedians() {
        Figure f = new Figure("send.x.msgs_per_s", "msg/s", Better.HIGHER);
        f.add("comet", 300);
        f.add("comet", 100);
        f.add("comet", 200);
        f.add("apache", 50);
        f.add("apache", 150);
        assertEquals(200, f.median("comet").getAsDouble(), 1e-9);
        assertEquals(100, f.median("apache").getAsDouble(), 1e-9);
        assertEquals(2.0, f.ratio().getAsDouble(), 1e-9);
    }

    @Test
    void noRatioWithoutBothSystemsAndNoNonFiniteValues() {
        Figure f = new Figure("e2e.p99_ms", "ms", Better.LOWER);
        f.add("apache", 3);
        assertTrue(f.ratio().isEmpty());
        assertTrue(f.median("comet").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> f.add("comet", Double.NaN));
    }
}
