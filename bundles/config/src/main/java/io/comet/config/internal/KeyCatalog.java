package io.comet.config.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * Which PID owns which key, and the metatype of each key: the node's configuration vocabulary as declared by
 * the installed bundles. Every key has exactly one owner; a key declared by two PIDs is a packaging error and
 * is refused when the catalog is built. Immutable.
 */
final class KeyCatalog {
    /** A key, the PID that owns it and its metatype. */
    record Owned(String pid, AttributeDefinition definition) {
        String key() {
            return definition.getID();
        }
    }

    private final Map<String, Owned> byKey;
    private final Map<String, List<Owned>> byPid;

    private KeyCatalog(Map<String, Owned> byKey, Map<String, List<Owned>> byPid) {
        this.byKey = byKey;
        this.byPid = byPid;
    }

    static KeyCatalog empty() {
        return new KeyCatalog(Map.of(), Map.of());
    }

    /**
     * Builds the catalog from each PID's attribute definitions.
     *
     * @throws IllegalStateException naming both PIDs when one key is declared by two of them
     */
    static KeyCatalog of(Map<String, ? extends Iterable<AttributeDefinition>> definitionsByPid) {
        Map<String, Owned> byKey = new TreeMap<>();
        Map<String, List<Owned>> byPid = new TreeMap<>();
        for (Map.Entry<String, ? extends Iterable<AttributeDefinition>> e : definitionsByPid.entrySet()) {
            List<Owned> owned = new ArrayList<>();
            for (AttributeDefinition ad : e.getValue()) {
                Owned o = new Owned(e.getKey(), ad);
                Owned previous = byKey.putIfAbsent(ad.getID(), o);
                if (previous != null && !previous.pid().equals(e.getKey())) {
                    throw new IllegalStateException("key '" + ad.getID() + "' is declared by both "
                            + previous.pid() + " and " + e.getKey() + "; each key must have exactly one owning PID");
                }
                owned.add(o);
            }
            byPid.put(e.getKey(), Collections.unmodifiableList(owned));
        }
        return new KeyCatalog(Collections.unmodifiableMap(byKey), Collections.unmodifiableMap(byPid));
    }

    /** The owner and metatype of {@code key}, or {@code null}. */
    Owned get(String key) {
        return byKey.get(key);
    }

    /** Every key, sorted. */
    SortedSet<String> keys() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byKey.keySet()));
    }

    /** Every PID, sorted. */
    SortedSet<String> pids() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byPid.keySet()));
    }

    /** The keys of {@code pid} in declaration order (empty for an unknown PID). */
    List<Owned> keysOf(String pid) {
        return byPid.getOrDefault(pid, List.of());
    }

    /** Every key's default in canonical form; keys without a default are absent. */
    Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Owned o : byKey.values()) {
            String d = ValueParser.defaultOf(o.definition());
            if (d != null) {
                defaults.put(o.key(), d);
            }
        }
        return defaults;
    }

    /** Same keys under the same PIDs (types and defaults are not compared). */
    boolean sameShape(KeyCatalog other) {
        if (!byPid.keySet().equals(other.byPid.keySet())) {
            return false;
        }
        for (Map.Entry<String, Owned> e : byKey.entrySet()) {
            Owned o = other.byKey.get(e.getKey());
            if (o == null || !o.pid().equals(e.getValue().pid())) {
                return false;
            }
        }
        return byKey.size() == other.byKey.size();
    }
}
