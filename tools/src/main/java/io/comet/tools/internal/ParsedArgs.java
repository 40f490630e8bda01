package io.comet.tools.internal;

import java.util.Map;

/** The options given to one command, by short name, with checked conversions that name the option on error. */
public final class ParsedArgs {
    private final Map<String, String> values;

    ParsedArgs(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public boolean has(String shortName) {
        return values.containsKey(shortName);
    }

    /** The value, trimmed, or null when not given. */
    public String get(String shortName) {
        String v = values.get(shortName);
        return v == null ? null : v.trim();
    }

    public String get(String shortName, String defaultValue) {
        String v = get(shortName);
        return v == null ? defaultValue : v;
    }

    /** The value of an option the command cannot do without (even when the table marks it optional). */
    public String require(String shortName, String what) throws UsageException {
        String v = get(shortName);
        if (v == null || v.isEmpty()) {
            throw new UsageException("Missing required option: " + shortName + " (" + what + ")");
        }
        return v;
    }

    public int intValue(String shortName, int defaultValue) throws UsageException {
        return (int) longValue(shortName, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long longValue(String shortName, long defaultValue) throws UsageException {
        return longValue(shortName, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long longValue(String shortName, long defaultValue, long min, long max) throws UsageException {
        String v = get(shortName);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("option -" + shortName + " must be a whole number, not '" + v + "'");
        }
    }

    /** {@code true}/{@code false} (any case); anything else is refused. */
    public boolean boolValue(String shortName, boolean defaultValue) throws UsageException {
        String v = get(shortName);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.toLowerCase());
        }
        throw new UsageException("option -" + shortName + " must be true or false, not '" + v + "'");
    }
}
