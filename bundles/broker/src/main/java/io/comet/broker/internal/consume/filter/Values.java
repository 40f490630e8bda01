package io.comet.broker.internal.consume.filter;

/**
 * How the SQL92 filter compares values of different types, as RocketMQ's selector does with string conversion on:
 * numbers compare numerically (long with long, otherwise as double); a string (a message property) compared with a
 * number is parsed as a number (as a long when the other side is a long and it is integral, else as a double); a
 * string compared with a boolean is read as a boolean; two strings compare as text for {@code =}/{@code <>} and
 * must both be numbers for {@code < <= > >=}. Anything else is an {@link SqlNode.EvaluationException}.
 */
final class Values {
    private Values() {}

    /** Compare for {@code =} and {@code <>}. */
    static int compare(Object l, Object r) {
        if (l instanceof String ls && r instanceof String rs) {
            return ls.compareTo(rs);
        }
        return order(l, r);
    }

    /** Compare for ordering operators (and for {@code =} between a string and a number or boolean). */
    static int order(Object l, Object r) {
        if (l instanceof String ls && r instanceof String rs) {
            return Double.compare(parseDouble(ls), parseDouble(rs));
        }
        if (l instanceof Boolean || r instanceof Boolean) {
            return Boolean.compare(asBoolean(l), asBoolean(r));
        }
        Number ln = asNumber(l, r);
        Number rn = asNumber(r, l);
        if (ln instanceof Long a && rn instanceof Long b) {
            return Long.compare(a, b);
        }
        return Double.compare(ln.doubleValue(), rn.doubleValue());
    }

    /** A number from text: a long when integral, else a double; null when it is not a number. */
    static Number parseNumber(String s) {
        try {
            return Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            try {
                return Double.valueOf(s.trim());
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    private static Number asNumber(Object v, Object other) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s && other instanceof Number) {
            Number n = parseNumber(s);
            if (n != null) {
                return n;
            }
        }
        throw new SqlNode.EvaluationException("cannot compare " + describe(v) + " with " + describe(other));
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new SqlNode.EvaluationException("strings can only be ordered when both are numbers: '" + s + "'");
        }
    }

    private static boolean asBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new SqlNode.EvaluationException("cannot compare " + describe(v) + " with a boolean");
    }

    private static String describe(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }
}
