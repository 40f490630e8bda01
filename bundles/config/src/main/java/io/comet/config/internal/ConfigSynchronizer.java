package io.comet.config.internal;

import io.comet.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ConfigAdmin and the node's properties file in agreement. Every read and write of either happens on one
 * thread ({@link SerialWorker}), so the steps of one change never interleave with another's.
 *
 * <p><b>How a conflict is decided.</b> Each change carries the instant it was made: a file edit the file's
 * modification time ({@link FileSide}), a {@link #update ConfigService update} the instant of the call, a change
 * made directly in ConfigAdmin the instant its synchronous configuration event fired. When the file and
 * ConfigAdmin changed the same key, the later change wins and is copied to the other side. Changes to different
 * keys never conflict. Two changes closer together than the file system's time resolution (a few milliseconds)
 * are ordered arbitrarily, but consistently on both sides.
 *
 * <p><b>Why a newer edit is never overwritten by an older value (pitfall 8).</b> (1) Echo suppression: applying
 * a file edit to ConfigAdmin fires configuration events on this thread, which are recognised as our own and
 * ignored, so an edit is never written back over the file it came from. (2) The file is re-read immediately
 * before each write-back, edits found there are merged first, and only the lines of keys whose newest value came
 * from ConfigAdmin are rewritten. (3) The write replaces the file only if it still holds the text just read
 * ({@link AtomicFileWriter}); otherwise the merge starts again; writes that reach the replaced file late are
 * carried over. (4) ConfigAdmin is re-read just before it is written; a change that arrived meanwhile restarts
 * the merge too.
 *
 * <p>ConfigAdmin has no compare-and-set, so a third party that writes a PID directly in the same microseconds as
 * this thread can still lose its update; {@link #update} has no such window.
 */
final class ConfigSynchronizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSynchronizer.class);
    static final String NAMESRV_ADDR = "namesrvAddr";
    private static final int MAX_PASSES = 50;
    private static final long RESCAN_DELAY_MILLIS = 200;

    private final String namesrvOverride;
    private final String role;
    private final Supplier<KeyCatalog> scanner;
    private final Clock clock;
    private final SerialWorker worker = new SerialWorker();
    private final AdminSide adminSide;
    private final FileSide fileSide;
    private final AtomicBoolean rescanPending = new AtomicBoolean();
    private final AtomicInteger concurrentChanges = new AtomicInteger();

    // only touched on the worker thread
    private KeyRouter router;
    private Map<String, String> running = new HashMap<>();

    /** What readers see: the catalog and the running values, replaced whole after each change. */
    private record Snapshot(KeyCatalog catalog, SortedMap<String, String> values) { }

    private volatile Snapshot snapshot = new Snapshot(KeyCatalog.empty(), Collections.emptySortedMap());

    /**
     * @param file            the node's properties file, or {@code null} for a node started without one
     * @param namesrvOverride the {@code -n} value, applied over the file's {@code namesrvAddr} at load, or null
     * @param role            the node's role, named in messages
     * @param scanner         reads the installed bundles' metatype (called on the worker thread)
     */
    ConfigSynchronizer(Path file, String namesrvOverride, String role, ConfigAdminBridge admin,
                       Supplier<KeyCatalog> scanner, Clock clock) {
        this.namesrvOverride = namesrvOverride;
        this.role = role;
        this.scanner = scanner;
        this.clock = clock;
        this.adminSide = new AdminSide(admin, clock);
        this.fileSide = file == null ? null : new FileSide(file, clock);
        this.router = new KeyRouter(KeyCatalog.empty(), role);
    }

    /** The single thread all work runs on; the watcher schedules its debounced checks here. */
    ScheduledExecutorService executor() {
        return worker.executor();
    }

    /** The file, or null. */
    Path file() {
        return fileSide == null ? null : fileSide.file();
    }

    /**
     * Reads metatype and the file, validates every key and writes every PID's configuration once (defaults for
     * keys the file does not set).
     *
     * @throws ConfigException naming what is wrong; nothing is written to ConfigAdmin then
     */
    void load() throws ConfigException {
        worker.call(() -> {
            router = new KeyRouter(scan(), role);
            Map<String, String> target = new HashMap<>(router.catalog().defaults());
            if (fileSide != null) {
                target.putAll(router.validate(fileSide.load().values(), fileSide.file().toString()));
            }
            if (namesrvOverride != null) {
                target.put(NAMESRV_ADDR, router.canonical(NAMESRV_ADDR, namesrvOverride, "the -n option"));
            }
            running = target;
            adminSide.apply(router, target, null);
            publish();
            return null;
        });
    }

    /** Validates all entries, then applies them to ConfigAdmin and writes them back to the file. */
    void update(Map<String, String> entries, String source) throws ConfigException {
        Instant stamp = clock.instant();
        Map<String, String> copy = new LinkedHashMap<>(entries);
        worker.call(() -> {
            reconcile(router.validate(copy, source), stamp);
            return null;
        });
    }

    /** A configuration event for {@code pid}; our own (fired on the worker thread) are ignored. */
    void adminChanged(String pid) {
        if (worker.isWorkerThread() || !snapshot.catalog().pids().contains(pid)) {
            return;
        }
        adminSide.stamp(pid);
        worker.submit(() -> reconcile(Map.of(), null));
    }

    /** The file may have changed: re-read it and apply what changed. Cheap when it did not. */
    void fileMaybeChanged() {
        worker.submit(() -> reconcile(Map.of(), null));
    }

    /** Bundles came or went: re-read metatype (once for a burst of bundle events); new PIDs get configured. */
    void bundlesChanged() {
        if (rescanPending.compareAndSet(false, true)) {
            worker.schedule(() -> {
                rescanPending.set(false);
                rescan();
            }, RESCAN_DELAY_MILLIS);
        }
    }

    SortedMap<String, String> current() {
        return snapshot.values();
    }

    String pidOf(String key) {
        KeyCatalog.Owned owned = snapshot.catalog().get(key);
        return owned == null ? null : owned.pid();
    }

    /** The PIDs this node configures. */
    SortedSet<String> pids() {
        return snapshot.catalog().pids();
    }

    /** The message of the last rejected file edit, or null. */
    String lastRejection() {
        return fileSide == null ? null : fileSide.lastRejection();
    }

    /** How often a merge had to start again because the file or ConfigAdmin changed under it. */
    int concurrentChanges() {
        return concurrentChanges.get();
    }

    @Override
    public void close() {
        worker.close();
        if (fileSide != null) {
            fileSide.close();
        }
    }

    // ---------------------------------------------------------------- worker side

    private void rescan() throws IOException, ConfigException {
        KeyCatalog next = scan();
        if (next.sameShape(router.catalog())) {
            return;
        }
        LOG.info("Configuration keys changed: PIDs now {}", next.pids());
        router = new KeyRouter(next, role);
        Map<String, String> defaults = next.defaults();
        Map<String, String> target = new HashMap<>();
        for (String key : next.keys()) {
            String value = running.containsKey(key) ? running.get(key) : defaults.get(key);
            if (value != null) {
                target.put(key, value);
            }
        }
        running = target;
        if (fileSide != null) {
            fileSide.reexamine(); // edits refused for want of a key may be valid now
        }
        reconcile(Map.of(), null); // writes new PIDs once: defaults plus what the file says for them
    }

    /**
     * Merges the file, ConfigAdmin and {@code change} (canonical values made at {@code changeStamp}), newest
     * value per key winning, then brings both sides to the result. Starts over when either side moved under it.
     */
    private void reconcile(Map<String, String> change, Instant changeStamp) throws IOException {
        // admin-side values that won a merge but may not be in the file yet: kept until a pass writes the file
        Map<String, AdminSide.Stamped> carried = new HashMap<>();
        change.forEach((k, v) -> carried.put(k, new AdminSide.Stamped(v, changeStamp)));
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            if (pass > 1) {
                concurrentChanges.incrementAndGet();
            }
            if (fileSide != null && fileSide.checkReplaced()) {
                continue;
            }
            AdminSide.Look look = adminSide.look(router.catalog(), running);
            Map<String, AdminSide.Stamped> adminChanges = new HashMap<>(look.changes());
            carried.forEach((k, c) -> adminChanges.merge(k, c, (a, b) -> b.stamp().isBefore(a.stamp()) ? a : b));

            FileSnapshot read = fileSide == null ? null : fileSide.read();
            FileSide.Edits edits = read == null ? FileSide.Edits.NONE : fileSide.edits(read, router);

            Map<String, String> target = new HashMap<>(running);
            Map<String, String> fileChanges = new LinkedHashMap<>();
            edits.values().forEach((k, v) -> {
                AdminSide.Stamped a = adminChanges.get(k);
                if (a == null || edits.stamp().isAfter(a.stamp())) {
                    put(target, k, v);
                }
            });
            adminChanges.forEach((k, a) -> {
                if (edits.values().containsKey(k) && edits.stamp().isAfter(a.stamp())) {
                    return;
                }
                put(target, k, a.value());
                carried.put(k, a);
                if (read != null && !Objects.equals(a.value(), fileSide.effectiveValue(read, k, router))) {
                    fileChanges.put(k, a.value());
                }
            });

            AdminSide.Applied applied = adminSide.apply(router, target, look);
            if (!applied.complete()) {
                for (String pid : applied.written()) { // those PIDs hold our values now
                    router.catalog().keysOf(pid).forEach(o -> put(running, o.key(), target.get(o.key())));
                }
                continue; // ConfigAdmin changed while we merged
            }
            running = target;
            publish();
            if (read == null) {
                return;
            }
            if (fileChanges.isEmpty() || read.parsed() == null) {
                if (!fileChanges.isEmpty()) {
                    LOG.warn("Cannot write {} back to {}: {}", fileChanges.keySet(), fileSide.file(),
                            read.parseError());
                }
                fileSide.remember(read, edits, read.text(), Map.of());
                return;
            }
            String written = fileSide.write(read, fileChanges);
            if (written == null) {
                continue; // the file was edited while we merged
            }
            fileSide.remember(read, edits, written, fileChanges);
            if (fileSide.checkReplaced()) {
                continue; // an edit reached the replaced file: merge it
            }
            scheduleReplacedChecks();
            return;
        }
        LOG.warn("Configuration of {} still changing after {} merges; the next change retries", file(), MAX_PASSES);
    }

    /** Writes that opened the file before it was replaced may land a little later: look again soon. */
    private void scheduleReplacedChecks() {
        for (long delay : new long[] {FileSide.REPLACED_WATCH_MILLIS / 5, FileSide.REPLACED_WATCH_MILLIS + 10}) {
            worker.schedule(() -> {
                if (fileSide.checkReplaced()) {
                    reconcile(Map.of(), null);
                }
            }, delay);
        }
    }

    private void publish() {
        snapshot = new Snapshot(router.catalog(), Collections.unmodifiableSortedMap(new TreeMap<>(running)));
    }

    private KeyCatalog scan() throws ConfigException {
        try {
            return scanner.get();
        } catch (IllegalStateException e) {
            throw ConfigException.withMessage(e.getMessage(), null, null, "metatype");
        }
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
