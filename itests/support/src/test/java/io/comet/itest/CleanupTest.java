package io.comet.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {
    @Test
    void closesInReverseOrderAndKeepsGoingPastAFailure() {
        List<String> closed = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        cleanup.push(() -> closed.add("first"));
        cleanup.push(() -> {
            closed.add("second");
            throw new IllegalStateException("second cannot close");
        });
        cleanup.push(() -> closed.add("third"));

        cleanup.close();
        cleanup.close();

        assertEquals(List.of("third", "second", "first"), closed);
    }
}
