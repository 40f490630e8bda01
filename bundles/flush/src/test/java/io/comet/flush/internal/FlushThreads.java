package io.comet.flush.internal;

import java.util.concurrent.TimeUnit;

/** Test helper: the policies' threads. */
final class FlushThreads {
    private FlushThreads() {
    }

    static long alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("comet-flush-") && t.isAlive())
                .count();
    }

    /** Waits up to {@code millis} until no policy thread is alive; returns how many still are. */
    static long awaitNoneAlive(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long n;
        while ((n = alive()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return n;
    }
}
