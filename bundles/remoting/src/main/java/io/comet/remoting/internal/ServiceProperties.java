package io.comet.remoting.internal;

import io.comet.remoting.RequestProcessor;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/** Reads the whiteboard service properties ({@link RequestProcessor#SERVER}, {@code CODES}, {@code EXECUTOR}). */
final class ServiceProperties {
    private ServiceProperties() {}

    /** The server name a whiteboard service names, or {@code null} when the property is missing or blank. */
    static String serverName(Map<String, ?> props) {
        Object v = props.get(RequestProcessor.SERVER);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    static String executor(Map<String, ?> props) {
        Object v = props.get(RequestProcessor.EXECUTOR);
        return v == null || String.valueOf(v).isBlank() ? ExecutorGroups.DEFAULT : String.valueOf(v).trim();
    }

    /**
     * The request codes of a processor service: an Integer or any number, an {@code Integer[]} / {@code int[]} /
     * {@code String[]}, a collection, or a string of comma separated numbers.
     *
     * @throws IllegalArgumentException naming the value that is not a code list
     */
    static int[] codes(Map<String, ?> props) {
        Object v = props.get(RequestProcessor.CODES);
        if (v == null) {
            throw new IllegalArgumentException("service property " + RequestProcessor.CODES + " is missing");
        }
        Object[] items;
        if (v instanceof Collection<?> c) {
            items = c.toArray();
        } else if (v.getClass().isArray()) {
            items = new Object[Array.getLength(v)];
            for (int i = 0; i < items.length; i++) {
                items[i] = Array.get(v, i);
            }
        } else if (v instanceof String s) {
            items = s.split(",");
        } else {
            items = new Object[] {v};
        }
        int[] codes = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            codes[i] = code(items[i], v);
        }
        if (codes.length == 0) {
            throw new IllegalArgumentException("service property " + RequestProcessor.CODES + " is empty");
        }
        return codes;
    }

    private static int code(Object item, Object whole) {
        if (item instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        if (item instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("service property " + RequestProcessor.CODES + " = " + describe(whole)
                + ": '" + item + "' is not a request code");
    }

    private static String describe(Object v) {
        if (v != null && v.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(v); i++) {
                b.append(i == 0 ? "" : ", ").append(Array.get(v, i));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
