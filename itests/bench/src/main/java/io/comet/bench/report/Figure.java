package io.comet.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One measured quantity (e.g. {@code send.ASYNC_FLUSH.1024B.msgs_per_s}) with the value of every run per system.
 * The figure of a system is the median of its runs; the ratio is Comet's median over Apache's. Figures that belong
 * to the machine rather than to a system (disk limits) use the system key {@link #MACHINE}.
 */
public final class Figure {
    public static final String MACHINE = "machine";
    private final String id;
    private final String unit;
    private final Better better;
    private final Map<String, List<Double>> runs = new LinkedHashMap<>();

    public Figure(String id, String unit, Better better) {
        this.id = id;
        this.unit = unit;
        this.better = better;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public Better better() {
        return better;
    }

    /** Adds one run's value for {@code system}; NaN and infinities are refused (a figure that was not measured is
     *  simply not added). */
    public void add(String system, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(id + ": value for " + system + " is " + value);
        }
        runs.computeIfAbsent(system, k -> new ArrayList<>()).add(value);
    }

    public List<Double> runs(String system) {
        return List.copyOf(runs.getOrDefault(system, List.of()));
    }

    /** The median of the system's runs (mean of the middle two for an even count); empty if none. */
    public OptionalDouble median(String system) {
        List<Double> values = runs.get(system);
        if (values == null || values.isEmpty()) {
            return OptionalDouble.empty();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return OptionalDouble.of(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }

    /** Comet's median over Apache's; empty unless both exist and Apache's is not zero. */
    public OptionalDouble ratio() {
        OptionalDouble comet = median("comet");
        OptionalDouble apache = median("apache");
        if (comet.isEmpty() || apache.isEmpty() || apache.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(comet.getAsDouble() / apache.getAsDouble());
    }
}
