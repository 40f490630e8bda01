package io.comet.broker.internal.consume.filter;

import java.util.Set;
import java.util.function.Function;

/**
 * A node of a compiled SQL92 filter expression. Values are {@link String} (message properties and string
 * literals), {@link Long}, {@link Double}, {@link Boolean} or {@code null} (a missing property: "unknown").
 * Logic is three-valued as in SQL: a comparison with an unknown operand is unknown, and only TRUE matches.
 * Evaluation problems (a property that is not a number where one is needed) throw {@link EvaluationException};
 * the message then does not match.
 */
sealed interface SqlNode {

    /** Evaluates the node against a message's properties ({@code name -> value or null}). */
    Object eval(Function<String, String> props);

    /** True for nodes whose value is a boolean (or unknown). */
    default boolean isBoolean() {
        return true;
    }

    /** Raised while evaluating; the message is then not selected. */
    final class EvaluationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvaluationException(String message) {
            super(message, null, false, false);
        }
    }

    /** A literal: String, Long, Double, Boolean. */
    record Constant(Object value) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) { return value; }

        @Override
        public boolean isBoolean() { return value instanceof Boolean; }
    }

    /** A message property, by name; its value is a string or null. */
    record Property(String name) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) { return props.apply(name); }

        @Override
        public boolean isBoolean() { return false; }
    }

    /** A property used where a boolean is expected: "true"/"false" (any case), anything else is false. */
    record BooleanCast(Property property) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object v = property.eval(props);
            return v == null ? null : Boolean.valueOf("true".equalsIgnoreCase((String) v));
        }
    }

    /** Arithmetic negation of a number (a property is parsed as a number first). */
    record Negate(SqlNode operand) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object v = operand.eval(props);
            if (v == null) {
                return null;
            }
            Number n = v instanceof String s ? Values.parseNumber(s) : v instanceof Number num ? num : null;
            if (n == null) {
                throw new EvaluationException("cannot negate " + v);
            }
            return n instanceof Long l ? (Object) (-l) : (Object) (-n.doubleValue());
        }

        @Override
        public boolean isBoolean() { return false; }
    }

    /** Logical NOT; NOT unknown is unknown. */
    record Not(SqlNode operand) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object v = operand.eval(props);
            return v == null ? null : Boolean.valueOf(!Boolean.TRUE.equals(v));
        }
    }

    /** Logical AND: false wins over unknown. */
    record And(SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object l = left.eval(props);
            if (Boolean.FALSE.equals(l)) {
                return Boolean.FALSE;
            }
            Object r = right.eval(props);
            if (Boolean.FALSE.equals(r)) {
                return Boolean.FALSE;
            }
            return l == null || r == null ? null : Boolean.TRUE;
        }
    }

    /** Logical OR: true wins over unknown. */
    record Or(SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object l = left.eval(props);
            if (Boolean.TRUE.equals(l)) {
                return Boolean.TRUE;
            }
            Object r = right.eval(props);
            if (Boolean.TRUE.equals(r)) {
                return Boolean.TRUE;
            }
            return l == null || r == null ? null : Boolean.FALSE;
        }
    }

    /** The comparison operators. */
    enum Op {
        EQ("="), NE("<>"), GT(">"), GE(">="), LT("<"), LE("<=");

        final String symbol;

        Op(String symbol) { this.symbol = symbol; }

        boolean ordering() { return this != EQ && this != NE; }

        boolean test(int c) {
            return switch (this) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }
    }

    /** A comparison; see {@link Values#compare} for how mixed types are compared. */
    record Compare(Op op, SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object l = left.eval(props);
            if (l == null) {
                return null;
            }
            Object r = right.eval(props);
            if (r == null) {
                return null;
            }
            if (!op.ordering() && l.equals(r)) {
                return op == Op.EQ;
            }
            return op.test(op.ordering() ? Values.order(l, r) : Values.compare(l, r));
        }
    }

    /** {@code x IS [NOT] NULL}. */
    record IsNull(SqlNode operand, boolean negated) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            return (operand.eval(props) == null) != negated;
        }
    }

    /** {@code prop [NOT] IN ('a', 'b')}. */
    record In(Property property, Set<String> values, boolean negated) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object v = property.eval(props);
            return v == null ? null : Boolean.valueOf(values.contains(v) != negated);
        }
    }

    /** The string tests CONTAINS, STARTSWITH and ENDSWITH, optionally negated. */
    enum Match { CONTAINS, STARTSWITH, ENDSWITH }

    /** {@code x [NOT] CONTAINS|STARTSWITH|ENDSWITH 'literal'}. */
    record StringMatch(Match match, SqlNode operand, String literal, boolean negated) implements SqlNode {
        @Override
        public Object eval(Function<String, String> props) {
            Object v = operand.eval(props);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                return Boolean.FALSE;
            }
            boolean hit = switch (match) {
                case CONTAINS -> s.contains(literal);
                case STARTSWITH -> s.startsWith(literal);
                case ENDSWITH -> s.endsWith(literal);
            };
            return hit != negated;
        }
    }
}
