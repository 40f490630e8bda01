package io.comet.broker.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds and reads configuration annotation instances outside DS (tests, in-process brokers): values come from a
 * map keyed by attribute id, missing ones from the annotation's defaults, so there is one place for defaults.
 */
public final class Configurations {
    private Configurations() {}

    /** An instance of {@code type} answering {@code values}, else the attribute's default. */
    public static <A> A of(Class<A> type, Map<String, ?> values) {
        for (String key : values.keySet()) {
            try {
                type.getMethod(key);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no attribute " + key);
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            switch (method.getName()) {
                case "toString": return type.getSimpleName() + describe(type, p);
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == args[0];
                case "annotationType": return type;
                default: break;
            }
            Object v = values.get(method.getName());
            return v == null ? method.getDefaultValue() : convert(v, method.getReturnType(), method.getName());
        });
        return type.cast(proxy);
    }

    private static Object convert(Object v, Class<?> target, String key) {
        String s = String.valueOf(v).trim();
        try {
            if (target == int.class) return v instanceof Number n ? n.intValue() : Integer.parseInt(s);
            if (target == long.class) return v instanceof Number n ? n.longValue() : Long.parseLong(s);
            if (target == boolean.class) return v instanceof Boolean b ? b : Boolean.parseBoolean(s);
            if (target == String.class) return String.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a number");
        }
        throw new IllegalArgumentException("unsupported attribute type " + target + " of " + key);
    }

    /** Every attribute of {@code config} as key = value text, sorted by key. */
    public static <A> Map<String, String> describe(Class<A> type, Object config) {
        Map<String, String> result = new TreeMap<>();
        for (Method m : type.getDeclaredMethods()) {
            try {
                result.put(m.getName(), String.valueOf(m.invoke(config)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read configuration attribute " + m.getName(), e);
            }
        }
        return result;
    }
}
