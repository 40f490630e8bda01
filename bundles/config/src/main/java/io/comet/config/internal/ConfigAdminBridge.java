package io.comet.config.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Reads and writes the node's PIDs in ConfigAdmin. Writes merge: properties that are not configuration keys of
 * the PID (a reference's {@code .target} filter set by someone else, for instance) are kept, and an update that
 * changes nothing is not sent, so components see no spurious {@code @Modified}. Configurations are bound to
 * location {@code "?"} so that whichever bundle owns the PID receives them.
 */
final class ConfigAdminBridge {
    private static final Set<String> FRAMEWORK_KEYS = Set.of(Constants.SERVICE_PID,
            ConfigurationAdmin.SERVICE_FACTORYPID, ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private final ConfigurationAdmin admin;

    ConfigAdminBridge(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    /** The PID's current properties without the framework's own ({@code service.pid}...), or empty. */
    Map<String, Object> read(String pid) throws IOException {
        Configuration configuration = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            return Collections.emptyMap();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (!FRAMEWORK_KEYS.contains(key)) {
                values.put(key, properties.get(key));
            }
        }
        return values;
    }

    /** The outcome of {@link #apply}. */
    enum Result { UPDATED, UNCHANGED, CONFLICT }

    /**
     * Sets the PID's configuration keys to {@code values}: keys in {@code ownedKeys} but not in {@code values}
     * are removed, other properties are kept.
     *
     * @param expected the owned keys' values (as text) the caller based {@code values} on; when ConfigAdmin no
     *                 longer holds them nothing is written ({@link Result#CONFLICT}). Null: write regardless.
     */
    Result apply(String pid, Set<String> ownedKeys, Map<String, Object> values, Map<String, String> expected)
            throws IOException {
        Configuration configuration = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        Hashtable<String, Object> next = new Hashtable<>();
        Map<String, String> currentOwned = new LinkedHashMap<>();
        if (current != null) {
            for (Enumeration<String> keys = current.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                if (ownedKeys.contains(key)) {
                    currentOwned.put(key, ValueParser.format(current.get(key)));
                } else if (!FRAMEWORK_KEYS.contains(key)) {
                    next.put(key, current.get(key));
                }
            }
        }
        if (expected != null && !expected.equals(currentOwned)) {
            return Result.CONFLICT;
        }
        values.forEach((k, v) -> {
            if (v != null) {
                next.put(k, v);
            }
        });
        if (current != null && sameContent(current, next)) {
            return Result.UNCHANGED;
        }
        return configuration.updateIfDifferent(next) ? Result.UPDATED : Result.UNCHANGED;
    }

    private static boolean sameContent(Dictionary<String, Object> current, Map<String, Object> next) {
        int n = 0;
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (FRAMEWORK_KEYS.contains(key)) {
                continue;
            }
            n++;
            if (!next.containsKey(key)
                    || !ValueParser.format(current.get(key)).equals(ValueParser.format(next.get(key)))
                    || current.get(key).getClass() != next.get(key).getClass()) {
                return false;
            }
        }
        return n == next.size();
    }
}
