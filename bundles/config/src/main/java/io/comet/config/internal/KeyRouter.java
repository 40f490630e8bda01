package io.comet.config.internal;

import io.comet.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates configuration entries against a {@link KeyCatalog} and routes them to their PIDs. Every refusal is a
 * {@link ConfigException} whose message names the key, the value, the source and what would be valid, e.g.
 * {@code unknown key 'brokerNam' in /conf/broker.conf (did you mean brokerName? valid keys: ...)} or
 * {@code invalid value 'FAST' for flushDiskType in /conf/broker.conf: valid values are SYNC_FLUSH, ASYNC_FLUSH}.
 */
final class KeyRouter {
    private final KeyCatalog catalog;
    private final String role;

    KeyRouter(KeyCatalog catalog, String role) {
        this.catalog = catalog;
        this.role = role == null || role.isBlank() ? "of this node" : role;
    }

    KeyCatalog catalog() {
        return catalog;
    }

    /**
     * Validates every entry and returns key to canonical value, in the given order.
     *
     * @throws ConfigException for the first entry (in the map's order) that is refused
     */
    Map<String, String> validate(Map<String, String> entries, String source) throws ConfigException {
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            canonical.put(e.getKey(), canonical(e.getKey(), e.getValue(), source));
        }
        return canonical;
    }

    /** The canonical value of one entry. */
    String canonical(String key, String value, String source) throws ConfigException {
        KeyCatalog.Owned owned = owner(key, value, source);
        try {
            return ValueParser.canonical(owned.definition(), value);
        } catch (ValueParser.InvalidValueException e) {
            throw ConfigException.withMessage("invalid value '" + value + "' for " + key + " in " + source + ": "
                    + e.getMessage(), key, value, source);
        }
    }

    /** The typed value of a canonical value, for ConfigAdmin. */
    Object typed(String key, String canonicalValue) {
        KeyCatalog.Owned owned = catalog.get(key);
        try {
            return ValueParser.parse(owned.definition(), canonicalValue);
        } catch (ValueParser.InvalidValueException e) {
            // only reached for a metatype default that its own definition refuses: pass it on as text
            return canonicalValue;
        }
    }

    /**
     * The owner of {@code key}.
     *
     * @throws ConfigException when no installed bundle declares it
     */
    KeyCatalog.Owned owner(String key, String value, String source) throws ConfigException {
        KeyCatalog.Owned owned = catalog.get(key);
        if (owned != null) {
            return owned;
        }
        String validKeys = "valid keys: " + String.join(", ", catalog.keys());
        String feature = KnownRocketMqKeys.featureOf(key);
        if (feature != null) {
            throw ConfigException.withMessage("key '" + key + "' (value '" + value + "') in " + source + " belongs to " + feature
                    + ", which is not installed in role " + role + " (" + validKeys + ")", key, value, source);
        }
        String suggestion = closest(key);
        throw ConfigException.withMessage("unknown key '" + key + "' (value '" + value + "') in " + source + " ("
                + (suggestion == null ? "" : "did you mean " + suggestion + "? ") + validKeys + ")", key, value, source);
    }

    /** The declared key nearest to {@code key} by edit distance (ignoring case), when near enough to be a typo. */
    String closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = key.toLowerCase(Locale.ROOT);
        List<String> keys = new ArrayList<>(catalog.keys());
        for (String candidate : keys) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = Math.max(2, key.length() / 3);
        return bestDistance <= allowed ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
