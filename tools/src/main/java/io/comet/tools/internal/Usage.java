package io.comet.tools.internal;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Help text in the layout of Commons CLI's {@code HelpFormatter} as {@code mqadmin <command> -h} prints it:
 * a synopsis line with the options sorted by short name (optional ones in brackets), then one line per option,
 * descriptions aligned.
 */
final class Usage {
    private Usage() { }

    static String of(String commandName, List<Option> options) {
        List<Option> sorted = options.stream()
                .sorted(Comparator.comparing((Option o) -> o.shortName().toLowerCase()).thenComparing(Option::shortName))
                .collect(Collectors.toList());
        StringBuilder out = new StringBuilder("usage: mqadmin ").append(commandName);
        for (Option o : sorted) {
            out.append(' ').append(o.required() ? o.synopsis() : "[" + o.synopsis() + "]");
        }
        out.append('\n');
        int width = 0;
        for (Option o : sorted) {
            width = Math.max(width, left(o).length());
        }
        for (Option o : sorted) {
            String l = left(o);
            out.append(l).append(" ".repeat(width - l.length() + 3)).append(o.description()).append('\n');
        }
        return out.toString();
    }

    private static String left(Option o) {
        return " -" + o.shortName() + ",--" + o.longName() + (o.hasArg() ? " <arg>" : "");
    }
}
