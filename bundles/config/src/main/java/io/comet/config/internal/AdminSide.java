package io.comet.config.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ConfigAdmin half of the synchroniser: finds changes made directly in ConfigAdmin (by comparing it with the
 * running values) and writes the running values to every PID. Methods other than {@link #stamp} run on the
 * synchroniser's thread.
 */
final class AdminSide {
    private static final Logger LOG = LoggerFactory.getLogger(AdminSide.class);

    /** A value set in ConfigAdmin and when. */
    record Stamped(String value, Instant stamp) { }

    /** What one look at ConfigAdmin found: each PID's configuration keys as text, and the changed keys. */
    record Look(Map<String, Map<String, String>> seen, Map<String, Stamped> changes) { }

    private final ConfigAdminBridge admin;
    private final Clock clock;
    private final Map<String, Instant> stamps = new ConcurrentHashMap<>();

    AdminSide(ConfigAdminBridge admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** Records that {@code pid} was just changed by someone else (called in their thread). */
    void stamp(String pid) {
        stamps.put(pid, clock.instant());
    }

    /** The keys whose ConfigAdmin value differs from {@code running}; invalid values are logged and skipped. */
    Look look(KeyCatalog catalog, Map<String, String> running) throws IOException {
        Map<String, Map<String, String>> seen = new HashMap<>();
        Map<String, Stamped> changes = new HashMap<>();
        for (String pid : catalog.pids()) {
            Map<String, String> values = ownedText(catalog, pid, admin.read(pid));
            seen.put(pid, values);
            Instant stamp = stamps.getOrDefault(pid, clock.instant());
            values.forEach((key, text) -> {
                try {
                    String canonical = ValueParser.canonical(catalog.get(key).definition(), text);
                    if (!canonical.equals(running.get(key))) {
                        changes.put(key, new Stamped(canonical, stamp));
                    }
                } catch (ValueParser.InvalidValueException e) {
                    LOG.warn("ConfigAdmin holds invalid value '{}' for {} in {}: {}; restoring '{}'", text, key,
                            pid, e.getMessage(), running.get(key));
                }
            });
        }
        return new Look(seen, changes);
    }

    /**
     * Writes {@code target} to every PID whose configuration differs from it. With a {@code look}, a PID that
     * changed since that look is not written: the result is then incomplete and the caller merges again.
     *
     * @param look what the caller merged from, or null to write unconditionally (at load)
     * @return the PIDs written, and whether all PIDs are now at {@code target}
     */
    Applied apply(KeyRouter router, Map<String, String> target, Look look) throws IOException {
        KeyCatalog catalog = router.catalog();
        Set<String> written = new HashSet<>();
        if (look != null) {
            for (String pid : catalog.pids()) {
                if (!ownedText(catalog, pid, admin.read(pid)).equals(look.seen().get(pid))) {
                    return new Applied(false, written);
                }
            }
        }
        for (String pid : catalog.pids()) {
            Map<String, Object> typed = new LinkedHashMap<>();
            Set<String> owned = new HashSet<>();
            for (KeyCatalog.Owned o : catalog.keysOf(pid)) {
                owned.add(o.key());
                String value = target.get(o.key());
                if (value != null) {
                    typed.put(o.key(), router.typed(o.key(), value));
                }
            }
            Map<String, String> expected = look == null ? null : look.seen().get(pid);
            if (expected != null && expected.equals(ownedText(catalog, pid, typed))) {
                continue; // nothing to change here: do not touch it (someone may be writing it right now)
            }
            ConfigAdminBridge.Result result = admin.apply(pid, owned, typed, expected);
            if (result == ConfigAdminBridge.Result.CONFLICT) {
                return new Applied(false, written);
            }
            if (result == ConfigAdminBridge.Result.UPDATED) {
                written.add(pid);
            }
        }
        return new Applied(true, written);
    }

    /** What {@link #apply} did. */
    record Applied(boolean complete, Set<String> written) { }

    /** The PID's configuration keys as text, for comparing with {@link Look#seen()}. */
    static Map<String, String> ownedText(KeyCatalog catalog, String pid, Map<String, Object> properties) {
        Map<String, String> text = new HashMap<>();
        for (KeyCatalog.Owned owned : catalog.keysOf(pid)) {
            Object value = properties.get(owned.key());
            if (value != null) {
                text.put(owned.key(), ValueParser.format(value));
            }
        }
        return text;
    }
}
