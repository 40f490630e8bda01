package io.comet.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All figures of a benchmark session in the order they were first measured, plus per system the reasons it could
 * not be (fully) measured - e.g. "Comet broker not available in this build". Thread-confined to the harness's main
 * thread.
 */
public final class Results {
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    /** Records one run's value, creating the figure on first use. Unit and direction must not change. */
    public void add(String id, String unit, Better better, String system, double value) {
        Figure f = figures.computeIfAbsent(id, k -> new Figure(id, unit, better));
        if (!f.unit().equals(unit) || f.better() != better) {
            throw new IllegalArgumentException("figure " + id + " was " + f.unit() + "/" + f.better()
                    + ", now " + unit + "/" + better);
        }
        f.add(system, value);
    }

    /** Notes why something was not measured for {@code system}; repeated notes are kept once. */
    public void note(String system, String text) {
        List<String> list = notes.computeIfAbsent(system, k -> new ArrayList<>());
        if (!list.contains(text)) {
            list.add(text);
        }
    }

    /**
     * The figures in the order their group (the id up to its last dot, e.g. {@code send.SYNC_FLUSH.1024B}) was
     * first measured, and within a group in the order of first measurement - so a figure one system adds late
     * (say, latencies Comet could not measure) still sits with its group.
     */
    public List<Figure> figures() {
        List<Figure> all = new ArrayList<>(figures.values());
        Map<String, Integer> groupOrder = new LinkedHashMap<>();
        for (Figure f : all) {
            groupOrder.putIfAbsent(group(f.id()), groupOrder.size());
        }
        all.sort(Comparator.comparingInt(f -> groupOrder.get(group(f.id()))));
        return List.copyOf(all);
    }

    private static String group(String id) {
        int dot = id.lastIndexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    public Map<String, List<String>> notes() {
        return notes;
    }
}
