package io.comet.bench.report;

/** Which direction of a figure is good; decides how a ratio reads. */
public enum Better {
    HIGHER, LOWER, NEITHER
}
