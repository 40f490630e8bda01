package io.comet.broker.internal.message;

import io.comet.common.MessageProperties;

/**
 * Edits properties in their encoded string form ({@code name \u0001 value \u0002 ...}) without decoding them into
 * a map: the send path adds a few properties to every message, and a map round trip would cost more than the
 * rest of the request. Values must not contain the separator characters.
 */
public final class PropertyEditor {
    private static final char NV = MessageProperties.NAME_VALUE_SEPARATOR;
    private static final char SEP = MessageProperties.PROPERTY_SEPARATOR;

    private PropertyEditor() {}

    /** {@code properties} with {@code name} set to {@code value} (replacing an earlier value). */
    public static String put(String properties, String name, String value) {
        String base = has(properties, name) ? remove(properties, name) : properties;
        StringBuilder sb = new StringBuilder(base.length() + name.length() + value.length() + 3);
        sb.append(base);
        if (!base.isEmpty() && base.charAt(base.length() - 1) != SEP) {
            sb.append(SEP);
        }
        return sb.append(name).append(NV).append(value).append(SEP).toString();
    }

    /** Concatenates two encoded property strings, inserting a separator between them when needed. */
    public static String concat(String first, String second) {
        if (second == null || second.isEmpty()) {
            return first == null ? "" : first;
        }
        if (first == null || first.isEmpty()) {
            return second;
        }
        return first.charAt(first.length() - 1) == SEP ? first + second : first + SEP + second;
    }

    /** True when {@code name} has an entry. */
    public static boolean has(String properties, String name) {
        return MessageProperties.get(properties, name) != null;
    }

    /** {@code properties} without the entries of {@code names}. */
    public static String remove(String properties, String... names) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(properties.length());
        int n = properties.length();
        int start = 0;
        while (start < n) {
            int end = properties.indexOf(SEP, start);
            if (end < 0) {
                end = n;
            }
            if (!entryNamed(properties, start, end, names)) {
                sb.append(properties, start, end).append(SEP);
            }
            start = end + 1;
        }
        return sb.toString();
    }

    private static boolean entryNamed(String p, int start, int end, String[] names) {
        for (String name : names) {
            int nameEnd = start + name.length();
            if (nameEnd < end && p.charAt(nameEnd) == NV && p.regionMatches(start, name, 0, name.length())) {
                return true;
            }
        }
        return false;
    }
}
