package io.comet.bench.measure;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a process's resident set is made of at its largest: samples {@code RssAnon} (Java heap pages touched,
 * thread stacks, metaspace, code cache, direct buffers) and {@code RssFile} (pages of mapped files: the commit log
 * and queues written or read, jars) every period on a daemon thread and keeps the peak of each. {@code VmHWM}
 * ({@link ProcStats#peakRssMiB()}) is their peak sum as the kernel counts it; the two peaks need not coincide.
 * Stops at {@link #close()} after one last sample; a process that is gone ends the sampling quietly.
 */
public final class RssSampler implements AutoCloseable {
    private final ProcStats proc;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-rss-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile long peakAnonKiB;
    private volatile long peakFileKiB;

    private RssSampler(ProcStats proc) {
        this.proc = proc;
    }

    /** Starts sampling {@code proc} every {@code period}. */
    public static RssSampler start(ProcStats proc, Duration period) {
        RssSampler s = new RssSampler(proc);
        s.timer.scheduleAtFixedRate(s::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** Takes one sample now (also what the timer runs). */
    synchronized void sample() {
        try {
            peakAnonKiB = Math.max(peakAnonKiB, proc.statusKiB("RssAnon"));
            peakFileKiB = Math.max(peakFileKiB, proc.statusKiB("RssFile"));
        } catch (IOException | RuntimeException e) {
            // the process ended: the peaks so far stand
        }
    }

    public double peakAnonMiB() {
        return peakAnonKiB / 1024.0;
    }

    public double peakFileMiB() {
        return peakFileKiB / 1024.0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
