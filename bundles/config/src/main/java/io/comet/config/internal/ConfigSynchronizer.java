package io.comet.config.internal;

import io.comet.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ConfigAdmin and the node's properties file in agreement. Every read and write of either happens on one
 * thread ({@code comet-config}), so the steps of one change never interleave with another's.
 *
 * <p><b>How a conflict is decided.</b> Each change carries the instant it was made: a file edit the file's
 * modification time (never earlier than the last read that did not see it), a {@link #update ConfigService
 * update} the instant of the call, a change made directly in ConfigAdmin the instant its synchronous
 * configuration event fired. When the file and ConfigAdmin changed the same key, the later change wins and is
 * copied to the other side. Changes to different keys never conflict.
 *
 * <p><b>Why a newer edit is never overwritten (pitfall 8).</b> (1) Echo suppression: applying a file edit to
 * ConfigAdmin fires configuration events on this thread, which are recognised as our own and ignored, so an
 * edit is never written back over the file it came from. (2) The file is re-read immediately before each
 * write-back, edits found there are merged first, and only the lines of keys whose newest value came from
 * ConfigAdmin are rewritten. (3) The write replaces the file only if it still holds the text just read
 * ({@link AtomicFileWriter}); otherwise the whole merge starts again. (4) ConfigAdmin is re-read just before it
 * is written; a change that arrived meanwhile restarts the merge too.
 *
 * <p>ConfigAdmin has no compare-and-set, so a third party writing ConfigAdmin directly in the same microseconds
 * as this thread can still lose its update; {@link #update} does not have that window.
 */
final class ConfigSynchronizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSynchronizer.class);
    private static final int MAX_PASSES = 50;
    private static final long ANSWER_TIMEOUT_SECONDS = 30;
    static final String NAMESRV_ADDR = "namesrvAddr";
    private static final long RESCAN_DELAY_MILLIS = 200;

    private final Path file;
    private final String namesrvOverride;
    private final String role;
    private final ConfigAdminBridge admin;
    private final Supplier<KeyCatalog> scanner;
    private final Clock clock;
    private final AtomicFileWriter writer = new AtomicFileWriter();
    private final ScheduledThreadPoolExecutor worker;
    private volatile Thread workerThread;
    private final Map<String, Instant> adminStamps = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean rescanPending =
            new java.util.concurrent.atomic.AtomicBoolean();

    // state below is only touched on the worker thread
    private KeyRouter router;
    private Map<String, String> running = new HashMap<>();
    private final FileState fileState = new FileState();
    private volatile Snapshot snapshot;
    private volatile String lastRejection;

    /** What readers see: the catalog and the running values, replaced whole after each change. */
    private record Snapshot(KeyCatalog catalog, SortedMap<String, String> values) { }

    /** An admin-side value and when it was set. */
    private record Stamped(String value, Instant stamp) { }

    /** What the file side knows: the last text seen or written, and the values last accepted from it. */
    private static final class FileState {
        String text;
        Map<String, String> accepted = Map.of();
        Instant lastUnchangedRead = Instant.EPOCH;
        String lastRejectedText;
        boolean missingLogged;
    }

    /**
     * @param file            the node's properties file, or {@code null} for a node started without one
     * @param namesrvOverride the {@code -n} value, applied over the file's {@code namesrvAddr} at load, or null
     * @param role            the node's role, named in messages
     * @param scanner         reads the installed bundles' metatype (called on the worker thread)
     */
    ConfigSynchronizer(Path file, String namesrvOverride, String role, ConfigAdminBridge admin,
                       Supplier<KeyCatalog> scanner, Clock clock) {
        this.file = file;
        this.namesrvOverride = namesrvOverride;
        this.role = role;
        this.admin = admin;
        this.scanner = scanner;
        this.clock = clock;
        this.router = new KeyRouter(KeyCatalog.empty(), role);
        this.snapshot = new Snapshot(KeyCatalog.empty(), Collections.emptySortedMap());
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "comet-config");
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
        worker.setRemoveOnCancelPolicy(true);
    }

    /** The single thread all work runs on; the watcher schedules its debounced checks here. */
    ScheduledExecutorService executor() {
        return worker;
    }

    /** The file, or null. */
    Path file() {
        return file;
    }

    /**
     * Reads metatype and the file, validates every key and writes every PID's configuration (defaults for keys
     * the file does not set).
     *
     * @throws ConfigException naming what is wrong; nothing is written to ConfigAdmin then
     */
    void load() throws ConfigException {
        onWorker(() -> {
            KeyCatalog catalog = scan();
            router = new KeyRouter(catalog, role);
            FileSnapshot read = file == null ? null : readForLoad();
            Map<String, String> target = new HashMap<>(catalog.defaults());
            if (read != null) {
                target.putAll(router.validate(read.values(), file.toString()));
                fileState.text = read.text();
                fileState.accepted = read.values();
            }
            if (namesrvOverride != null) {
                target.put(NAMESRV_ADDR, router.canonical(NAMESRV_ADDR, namesrvOverride, "the -n option"));
            }
            running = target;
            applyAll(target);
            publish();
            return null;
        });
    }

    /** Validates all entries, then applies them to ConfigAdmin and writes them back to the file. */
    void update(Map<String, String> entries, String source) throws ConfigException {
        Instant stamp = clock.instant();
        Map<String, String> copy = new LinkedHashMap<>(entries);
        onWorker(() -> {
            Map<String, String> values = router.validate(copy, source);
            reconcile(values, stamp);
            return null;
        });
    }

    /** A configuration event for {@code pid}; our own (fired on the worker thread) are ignored. */
    void adminChanged(String pid) {
        if (Thread.currentThread() == workerThread || !snapshot.catalog().pids().contains(pid)) {
            return;
        }
        adminStamps.put(pid, clock.instant());
        submitQuietly(() -> reconcile(Map.of(), null));
    }

    /** The file may have changed: re-read it and apply what changed. Cheap when it did not. */
    void fileMaybeChanged() {
        submitQuietly(() -> reconcile(Map.of(), null));
    }

    /** Bundles came or went: re-read metatype (once for a burst of bundle events); new PIDs get configured. */
    void bundlesChanged() {
        if (rescanPending.compareAndSet(false, true)) {
            try {
                worker.schedule(() -> {
                    rescanPending.set(false);
                    try {
                        rescan();
                    } catch (IOException | ConfigException | RuntimeException e) {
                        LOG.warn("Re-reading metatype failed: {}", e.toString(), e);
                    }
                }, RESCAN_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** The PIDs this node configures. */
    java.util.SortedSet<String> pids() {
        return snapshot.catalog().pids();
    }

    SortedMap<String, String> current() {
        return snapshot.values();
    }

    String pidOf(String key) {
        KeyCatalog.Owned owned = snapshot.catalog().get(key);
        return owned == null ? null : owned.pid();
    }

    /** The message of the last rejected file edit, or null. */
    String lastRejection() {
        return lastRejection;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        applyAll(target);
        publish();
        fileState.text = null; // edits refused for want of a key may be valid now
        fileState.lastRejectedText = null;
        reconcile(Map.of(), null);
    }

    /**
     * One merge of the file, ConfigAdmin and {@code change} (canonical values stamped {@code changeStamp}).
     * Repeated when the file or ConfigAdmin moved under it.
     */
    private void reconcile(Map<String, String> change, Instant changeStamp) throws IOException {
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            Map<String, Map<String, String>> adminSeen = new HashMap<>();
            Map<String, Stamped> adminChanges = directAdminChanges(adminSeen);
            change.forEach((k, v) -> adminChanges.merge(k, new Stamped(v, changeStamp),
                    (a, b) -> b.stamp().isBefore(a.stamp()) ? a : b));

            FileSnapshot read = file == null ? null : readFile();
            UserEdits edits = read == null ? UserEdits.NONE : userEdits(read);

            Map<String, String> target = new HashMap<>(running);
            Map<String, String> fileChanges = new LinkedHashMap<>();
            edits.values().forEach((k, v) -> {
                Stamped a = adminChanges.get(k);
                if (a == null || edits.stamp().isAfter(a.stamp())) {
                    put(target, k, v);
                }
            });
            adminChanges.forEach((k, a) -> {
                if (edits.values().containsKey(k) && edits.stamp().isAfter(a.stamp())) {
                    return;
                }
                put(target, k, a.value());
                if (read != null && !Objects.equals(a.value(), effectiveValue(read, k))) {
                    fileChanges.put(k, a.value());
                }
            });

            if (!applyAll(target, adminSeen)) {
                continue; // ConfigAdmin changed while we merged
            }
            running = target;
            publish();
            if (read == null) {
                return;
            }
            if (fileChanges.isEmpty() || read.parsed() == null) {
                if (!fileChanges.isEmpty()) {
                    LOG.warn("Cannot write {} back to {}: {}", fileChanges.keySet(), file, read.parseError());
                }
                remember(read, edits, read.text(), Map.of());
                return;
            }
            String next = read.parsed().with(fileChanges).text();
            AtomicFileWriter.Outcome outcome = writer.replace(file, read.text(), next);
            if (outcome.changed()) {
                continue; // the file was edited while we merged
            }
            remember(read, edits, next, fileChanges);
            if (outcome.lostText() == null) {
                return;
            }
            restoreLostEdit(read.text(), outcome.lostText(), next, fileChanges);
        }
        LOG.warn("Configuration of {} is still changing after {} merges; will retry on the next change", file,
                MAX_PASSES);
    }

    /** A write reached the old file while it was being replaced: put it back, on top of our changes. */
    private void restoreLostEdit(String base, String lost, String written, Map<String, String> ours)
            throws IOException {
        Map<String, String> theirs = changedKeys(base, lost);
        Map<String, String> keep = new LinkedHashMap<>(ours);
        keep.keySet().removeAll(theirs.keySet());
        String restored;
        try {
            restored = PropertiesText.parse(lost).with(keep).text();
        } catch (IllegalArgumentException e) {
            restored = lost;
        }
        writer.replace(file, written, restored); // if it moved again, the next pass merges whatever is there
        fileState.text = written; // so the next pass sees the restored text as an edit
    }

    private static Map<String, String> changedKeys(String before, String after) {
        try {
            Map<String, String> a = PropertiesText.parse(before).values();
            Map<String, String> b = PropertiesText.parse(after).values();
            Map<String, String> changed = new HashMap<>();
            b.forEach((k, v) -> {
                if (!v.equals(a.get(k))) {
                    changed.put(k, v);
                }
            });
            a.keySet().forEach(k -> {
                if (!b.containsKey(k)) {
                    changed.put(k, null);
                }
            });
            return changed;
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private void remember(FileSnapshot read, UserEdits edits, String text, Map<String, String> written) {
        if (read.text().equals(fileState.text)) {
            fileState.lastUnchangedRead = read.readStarted();
        }
        Map<String, String> accepted = new HashMap<>(
                edits.verdict() == FileVerdict.ACCEPTED ? read.values() : fileState.accepted);
        written.forEach((k, v) -> put(accepted, k, v));
        fileState.accepted = accepted;
        fileState.text = text;
    }

    /** The user's edits in {@code read}, compared with the values last accepted from the file. */
    private UserEdits userEdits(FileSnapshot read) {
        if (read.text().equals(fileState.text)) {
            return UserEdits.NONE;
        }
        Map<String, String> canonical;
        try {
            if (read.parseError() != null) {
                throw ConfigException.withMessage(read.parseError(), null, null, file.toString());
            }
            canonical = router.validate(read.values(), file.toString());
        } catch (ConfigException e) {
            reject(read, e.getMessage());
            return UserEdits.REJECTED;
        }
        Map<String, String> defaults = router.catalog().defaults();
        Map<String, String> edits = new LinkedHashMap<>();
        read.values().forEach((k, v) -> {
            if (!v.equals(fileState.accepted.get(k))) {
                edits.put(k, canonical.get(k));
            }
        });
        for (String k : fileState.accepted.keySet()) {
            if (!read.values().containsKey(k) && router.catalog().get(k) != null) {
                edits.put(k, defaults.get(k)); // removed from the file: back to the default
            }
        }
        Instant stamp = read.modified().isAfter(fileState.lastUnchangedRead)
                ? read.modified() : fileState.lastUnchangedRead;
        return new UserEdits(edits, stamp, FileVerdict.ACCEPTED);
    }

    private void reject(FileSnapshot read, String message) {
        lastRejection = message;
        if (!read.text().equals(fileState.lastRejectedText)) {
            fileState.lastRejectedText = read.text();
            LOG.error("Comet rejected an edit: {}; the running configuration is kept", message);
        }
    }

    /** What the file says for {@code key} (its default when absent); null when unreadable or invalid. */
    private String effectiveValue(FileSnapshot read, String key) {
        String raw = read.values().get(key);
        if (raw == null) {
            return read.parsed() == null ? null : router.catalog().defaults().get(key);
        }
        try {
            return router.canonical(key, raw, file.toString());
        } catch (ConfigException e) {
            return null;
        }
    }

    private FileSnapshot readFile() throws IOException {
        FileSnapshot read = FileSnapshot.read(file, clock.instant());
        if (read == null && !fileState.missingLogged) {
            fileState.missingLogged = true;
            LOG.warn("Configuration file {} is gone; the running configuration is kept", file);
        } else if (read != null) {
            fileState.missingLogged = false;
        }
        return read;
    }

    private FileSnapshot readForLoad() throws ConfigException {
        FileSnapshot read;
        try {
            read = FileSnapshot.read(file, clock.instant());
        } catch (IOException e) {
            throw ConfigException.withMessage("cannot read configuration file " + file + ": " + e, null, null,
                    file.toString(), e);
        }
        if (read == null) {
            throw ConfigException.withMessage("configuration file " + file + " does not exist", null, null,
                    file.toString());
        }
        if (read.parseError() != null) {
            throw ConfigException.withMessage(read.parseError(), null, null, file.toString());
        }
        return read;
    }

    /** Keys whose ConfigAdmin value differs from the running value; fills {@code seen} with what was read. */
    private Map<String, Stamped> directAdminChanges(Map<String, Map<String, String>> seen) throws IOException {
        Map<String, Stamped> changes = new HashMap<>();
        KeyCatalog catalog = router.catalog();
        for (String pid : catalog.pids()) {
            Map<String, String> values = ownedText(pid, admin.read(pid));
            seen.put(pid, values);
            Instant stamp = adminStamps.getOrDefault(pid, clock.instant());
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
        return changes;
    }

    private Map<String, String> ownedText(String pid, Map<String, Object> properties) {
        Map<String, String> text = new HashMap<>();
        for (KeyCatalog.Owned owned : router.catalog().keysOf(pid)) {
            Object value = properties.get(owned.key());
            if (value != null) {
                text.put(owned.key(), ValueParser.format(value));
            }
        }
        return text;
    }

    private void applyAll(Map<String, String> target) throws IOException {
        applyAll(target, null);
    }

    /** Writes every PID; returns false, writing nothing, when a PID changed since {@code seen} was read. */
    private boolean applyAll(Map<String, String> target, Map<String, Map<String, String>> seen) throws IOException {
        if (seen != null) {
            for (String pid : router.catalog().pids()) {
                if (!ownedText(pid, admin.read(pid)).equals(seen.get(pid))) {
                    return false;
                }
            }
        }
        for (String pid : router.catalog().pids()) {
            Map<String, Object> typed = new LinkedHashMap<>();
            Set<String> owned = new HashSet<>();
            for (KeyCatalog.Owned o : router.catalog().keysOf(pid)) {
                owned.add(o.key());
                String value = target.get(o.key());
                if (value != null) {
                    typed.put(o.key(), router.typed(o.key(), value));
                }
            }
            admin.apply(pid, owned, typed);
        }
        return true;
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

    // ---------------------------------------------------------------- threading

    private interface WorkerTask {
        void run() throws Exception;
    }

    private void submitQuietly(WorkerTask task) {
        if (worker.isShutdown()) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (Exception | LinkageError e) {
                    LOG.warn("Configuration synchronisation failed: {}", e.toString(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private <T> T onWorker(Callable<T> task) throws ConfigException {
        try {
            if (Thread.currentThread() == workerThread) {
                return task.call();
            }
            Future<T> future = worker.submit(task);
            return future.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the configuration thread did not answer within "
                    + ANSWER_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the configuration thread", e);
        } catch (Exception e) {
            return rethrow(e);
        }
    }

    private static <T> T rethrow(Throwable t) throws ConfigException {
        if (t instanceof ConfigException c) {
            throw c;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException("configuration failed: " + t, t);
    }

    /** Whether the file's text changed since last seen, and if so whether it was valid. */
    private enum FileVerdict { UNCHANGED, ACCEPTED, REJECTED }

    /** Edits found in the file: key to canonical value (null: no value) and when they were made. */
    private record UserEdits(Map<String, String> values, Instant stamp, FileVerdict verdict) {
        static final UserEdits NONE = new UserEdits(Map.of(), Instant.EPOCH, FileVerdict.UNCHANGED);
        static final UserEdits REJECTED = new UserEdits(Map.of(), Instant.EPOCH, FileVerdict.REJECTED);
    }
}
