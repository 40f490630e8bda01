package io.comet.config.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Vector;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * Turns a configuration value written as text into the typed value its {@link AttributeDefinition} declares,
 * strictly: integers must be whole numbers in range, booleans {@code true} or {@code false} (any case), values
 * with options one of the option values, and the definition's own {@code validate()} must accept the value.
 * Nothing falls back to a default. Multi-valued attributes (cardinality not 0) are written comma separated.
 *
 * <p>The <em>canonical</em> text of a value is the text of its typed value ({@code "010"} becomes {@code "10"}):
 * values from the file and from ConfigAdmin are compared in canonical form.
 */
final class ValueParser {
    /** The value does not fit the definition; the message says what would (no key, value or source in it). */
    static final class InvalidValueException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValueException(String whatIsValid) {
            super(whatIsValid);
        }
    }

    private ValueParser() { }

    /** The typed value of {@code text} for ConfigAdmin: a boxed scalar, an array or a {@link Vector}. */
    static Object parse(AttributeDefinition ad, String text) throws InvalidValueException {
        int cardinality = ad.getCardinality();
        if (cardinality == 0) {
            return parseScalar(ad, text);
        }
        List<Object> values = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String part : text.split(",", -1)) {
                values.add(parseScalar(ad, part.trim()));
            }
        }
        int max = Math.abs(cardinality);
        if (max != Integer.MAX_VALUE && values.size() > max) {
            throw new InvalidValueException("at most " + max + " comma-separated values are allowed");
        }
        if (cardinality < 0) {
            return new Vector<>(values);
        }
        Object array = Array.newInstance(boxedType(ad.getType()), values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, values.get(i));
        }
        return array;
    }

    /** The canonical text of {@code text} under {@code ad}. */
    static String canonical(AttributeDefinition ad, String text) throws InvalidValueException {
        return format(parse(ad, text));
    }

    /** Text of a typed value; arrays and collections are joined with commas. */
    static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", parts);
        }
        if (value instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            c.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    /** The canonical default of {@code ad}, or {@code null} when it has none. */
    static String defaultOf(AttributeDefinition ad) {
        String[] defaults = ad.getDefaultValue();
        if (defaults == null) {
            return null;
        }
        String joined = String.join(",", defaults);
        if (ad.getCardinality() == 0 && defaults.length == 0) {
            return null;
        }
        try {
            return canonical(ad, joined);
        } catch (InvalidValueException e) {
            return joined;
        }
    }

    /** What the definition accepts, for messages: the options, or the type. */
    static String describe(AttributeDefinition ad) {
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0) {
            return "valid values are " + String.join(", ", options);
        }
        return expected(ad);
    }

    private static Object parseScalar(AttributeDefinition ad, String text) throws InvalidValueException {
        Object value;
        try {
            value = parseType(ad.getType(), text);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(expected(ad));
        }
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(text)) {
            throw new InvalidValueException("valid values are " + String.join(", ", options));
        }
        String verdict = ad.validate(text);
        if (outOfRange(verdict)) {
            throw new InvalidValueException(expected(ad));
        }
        if (verdict != null && !verdict.isEmpty()) {
            // Felix answers with localisation keys such as "%less than minimum"
            throw new InvalidValueException(verdict.startsWith("%") ? verdict.substring(1) : verdict);
        }
        return value;
    }

    private static Object parseType(int type, String text) throws InvalidValueException {
        try {
            return switch (type) {
                case AttributeDefinition.INTEGER -> Integer.valueOf(text);
                case AttributeDefinition.LONG -> Long.valueOf(text);
                case AttributeDefinition.SHORT -> Short.valueOf(text);
                case AttributeDefinition.BYTE -> Byte.valueOf(text);
                case AttributeDefinition.BOOLEAN -> parseBoolean(text);
                case AttributeDefinition.DOUBLE -> finite(Double.valueOf(text));
                case AttributeDefinition.FLOAT -> finite(Float.valueOf(text));
                case AttributeDefinition.CHARACTER -> singleChar(text);
                case AttributeDefinition.BIGINTEGER -> new BigInteger(text);
                case AttributeDefinition.BIGDECIMAL -> new BigDecimal(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            throw new InvalidValueException(expected(type));
        }
    }

    private static Boolean parseBoolean(String text) throws InvalidValueException {
        if ("true".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(text)) {
            return Boolean.FALSE;
        }
        throw new InvalidValueException(expected(AttributeDefinition.BOOLEAN));
    }

    private static <N extends Number> N finite(N n) {
        if (Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
            throw new NumberFormatException();
        }
        return n;
    }

    private static Character singleChar(String text) throws InvalidValueException {
        if (text.length() != 1) {
            throw new InvalidValueException(expected(AttributeDefinition.CHARACTER));
        }
        return text.charAt(0);
    }

    /** Felix's verdicts for a number outside the declared min/max. */
    private static boolean below(String verdict) {
        return verdict != null && verdict.contains("less than minimum");
    }

    private static boolean above(String verdict) {
        return verdict != null && verdict.contains("greater than maximum");
    }

    private static boolean outOfRange(String verdict) {
        return below(verdict) || above(verdict);
    }

    /**
     * What {@code ad} accepts: for whole numbers the range its metatype declares (min/max are not in the
     * {@link AttributeDefinition} API, so they are found from {@code validate()}'s verdicts by bisection),
     * otherwise what its type accepts.
     */
    private static String expected(AttributeDefinition ad) {
        int type = ad.getType();
        long lo;
        long hi;
        switch (type) {
            case AttributeDefinition.INTEGER -> { lo = Integer.MIN_VALUE; hi = Integer.MAX_VALUE; }
            case AttributeDefinition.LONG -> { lo = Long.MIN_VALUE; hi = Long.MAX_VALUE; }
            case AttributeDefinition.SHORT -> { lo = Short.MIN_VALUE; hi = Short.MAX_VALUE; }
            case AttributeDefinition.BYTE -> { lo = Byte.MIN_VALUE; hi = Byte.MAX_VALUE; }
            default -> {
                return expected(type);
            }
        }
        long min = lo;
        if (below(ad.validate(Long.toString(lo))) && !below(ad.validate(Long.toString(hi)))) {
            long a = lo; // below the minimum
            long b = hi; // not below it
            while (b != a + 1) {
                long mid = (a & b) + ((a ^ b) >> 1);
                if (below(ad.validate(Long.toString(mid)))) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            min = b;
        }
        long max = hi;
        if (above(ad.validate(Long.toString(hi))) && !above(ad.validate(Long.toString(lo)))) {
            long a = lo; // not above the maximum
            long b = hi; // above it
            while (b != a + 1) {
                long mid = (a & b) + ((a ^ b) >> 1);
                if (above(ad.validate(Long.toString(mid)))) {
                    b = mid;
                } else {
                    a = mid;
                }
            }
            max = a;
        }
        return "expected a whole number from " + min + " to " + max;
    }

    private static String expected(int type) {
        return switch (type) {
            case AttributeDefinition.INTEGER -> "expected a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            case AttributeDefinition.LONG -> "expected a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            case AttributeDefinition.SHORT -> "expected a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
            case AttributeDefinition.BYTE -> "expected a whole number from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
            case AttributeDefinition.BOOLEAN -> "expected true or false";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT, AttributeDefinition.BIGDECIMAL -> "expected a number";
            case AttributeDefinition.BIGINTEGER -> "expected a whole number";
            case AttributeDefinition.CHARACTER -> "expected a single character";
            default -> "expected text";
        };
    }

    private static Class<?> boxedType(int type) {
        return switch (type) {
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            case AttributeDefinition.BIGINTEGER -> BigInteger.class;
            case AttributeDefinition.BIGDECIMAL -> BigDecimal.class;
            default -> String.class;
        };
    }
}
