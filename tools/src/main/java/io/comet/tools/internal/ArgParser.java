package io.comet.tools.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a command's arguments like Apache Commons CLI's default parser, which RocketMQ's tools use:
 * {@code -t value}, {@code -tvalue}, {@code --topic value}, {@code --topic=value}; switches take no value.
 * Unknown options, missing values, stray words and missing required options are refused with the messages
 * Commons CLI gives.
 */
final class ArgParser {
    private ArgParser() { }

    static ParsedArgs parse(List<Option> options, String[] args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            Option o;
            String inline = null;
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                o = byLong(options, name);
            } else if (a.startsWith("-") && a.length() > 1) {
                o = byShort(options, a.substring(1));
                if (o == null) {
                    Option first = byShort(options, a.substring(1, 2));
                    if (first != null && first.hasArg()) {
                        o = first;
                        inline = a.substring(2);
                    }
                }
            } else {
                throw new UsageException("Unexpected argument: " + a);
            }
            if (o == null) {
                throw new UsageException("Unrecognized option: " + a);
            }
            if (!o.hasArg()) {
                if (inline != null) {
                    throw new UsageException("Option " + o.longName() + " takes no value: " + a);
                }
                values.put(o.shortName(), "true");
            } else if (inline != null) {
                values.put(o.shortName(), inline);
            } else if (i + 1 < args.length && !looksLikeOption(options, args[i + 1])) {
                values.put(o.shortName(), args[++i]);
            } else {
                throw new UsageException("Missing argument for option: " + o.shortName());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Option o : options) {
            if (o.required() && !values.containsKey(o.shortName())) {
                missing.add(o.shortName());
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException("Missing required option" + (missing.size() > 1 ? "s: " : ": ")
                    + String.join(", ", missing));
        }
        return new ParsedArgs(values);
    }

    private static boolean looksLikeOption(List<Option> options, String next) {
        if (next.startsWith("--") && next.length() > 2) {
            return byLong(options, next.substring(2).split("=", 2)[0]) != null;
        }
        return next.startsWith("-") && next.length() > 1 && byShort(options, next.substring(1, 2)) != null
                && !isNumber(next);
    }

    private static boolean isNumber(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Option byShort(List<Option> options, String name) {
        return options.stream().filter(o -> o.shortName().equals(name)).findFirst().orElse(null);
    }

    private static Option byLong(List<Option> options, String name) {
        return options.stream().filter(o -> o.longName().equals(name)).findFirst().orElse(null);
    }
}
