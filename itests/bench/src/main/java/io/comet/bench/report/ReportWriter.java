package io.comet.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Prints the results as one text table and writes them as JSON.
 *
 * <p>JSON layout: {@code {"settings": {...}, "notes": {"comet": ["..."]}, "figures": [{"id", "unit", "better",
 * "comet": {"runs": [..], "median": x}, "apache": {...}, "machine": {...}, "ratio": comet/apache}]}}. A system
 * that was not measured has no entry in a figure; {@code ratio} is present only when both medians exist.
 */
public final class ReportWriter {
    private static final List<String> SYSTEMS = List.of("comet", "apache", Figure.MACHINE);

    private ReportWriter() {}

    /** The table: one row per figure, columns Comet, Apache (or the machine's value), ratio, and which way is good. */
    public static String table(Results results) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-42s %-9s %12s %12s %9s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "figure", "unit", "comet", "apache", "ratio", "better"));
        sb.append("-".repeat(96)).append('\n');
        for (Figure f : results.figures()) {
            OptionalDouble machine = f.median(Figure.MACHINE);
            String comet = machine.isPresent() ? number(machine) : number(f.median("comet"));
            String apache = machine.isPresent() ? "(machine)" : number(f.median("apache"));
            sb.append(String.format(Locale.ROOT, fmt, f.id(), f.unit(), comet, apache, ratio(f.ratio()),
                    f.better().name().toLowerCase(Locale.ROOT)));
        }
        for (Map.Entry<String, List<String>> e : results.notes().entrySet()) {
            for (String note : e.getValue()) {
                sb.append("note [").append(e.getKey()).append("]: ").append(note).append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes the JSON document to {@code file}, creating its folder. */
    public static void json(Results results, Map<String, Object> settings, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.set("settings", mapper.valueToTree(settings));
        root.set("notes", mapper.valueToTree(results.notes()));
        ArrayNode figures = root.putArray("figures");
        for (Figure f : results.figures()) {
            ObjectNode n = figures.addObject();
            n.put("id", f.id());
            n.put("unit", f.unit());
            n.put("better", f.better().name().toLowerCase(Locale.ROOT));
            for (String system : SYSTEMS) {
                OptionalDouble median = f.median(system);
                if (median.isPresent()) {
                    ObjectNode s = n.putObject(system);
                    ArrayNode runs = s.putArray("runs");
                    f.runs(system).forEach(runs::add);
                    s.put("median", median.getAsDouble());
                }
            }
            OptionalDouble ratio = f.ratio();
            if (ratio.isPresent()) {
                n.put("ratio", ratio.getAsDouble());
            }
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        mapper.writeValue(file.toFile(), root);
    }

    private static String number(OptionalDouble v) {
        if (v.isEmpty()) {
            return "n/a";
        }
        double d = v.getAsDouble();
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String ratio(OptionalDouble r) {
        return r.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2fx", r.getAsDouble());
    }
}
