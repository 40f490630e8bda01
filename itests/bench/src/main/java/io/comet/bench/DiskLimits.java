package io.comet.bench;

/**
 * The machine's disk limits measured in this run (see {@link io.comet.bench.measure.DiskProbe}); zero when the
 * disk figure was not requested, in which case no "fraction of the disk" figures are derived.
 */
record DiskLimits(double sequentialMBps, double dsyncWritesPerSecond) {
    static final DiskLimits UNKNOWN = new DiskLimits(0, 0);

    boolean known() {
        return sequentialMBps > 0 && dsyncWritesPerSecond > 0;
    }
}
