package io.comet.bench.load;

import io.comet.bench.measure.Latencies;

/**
 * What a send phase measured: messages acknowledged SEND_OK inside the measured window, the window's length,
 * their latencies, every message sent including warm-up (for CPU per message), failures (exceptions or a status
 * other than SEND_OK) with the first one's description (empty if none), and how many distinct queues the
 * acknowledgements named.
 */
public record SendStats(long measured, double seconds, Latencies latencies, long total, long failures,
                        int queuesUsed, int bodySize, String firstFailure) {
    public double messagesPerSecond() {
        return measured / seconds;
    }

    /** Body megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return messagesPerSecond() * bodySize / 1e6;
    }
}
