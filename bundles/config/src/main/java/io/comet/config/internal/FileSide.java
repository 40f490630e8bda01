package io.comet.config.internal;

import io.comet.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file half of the synchroniser: what the file said when last seen, which of its values were accepted, the
 * edits made since, and the atomic write-back of changed lines. Runs on the synchroniser's thread only.
 *
 * <p>An edit's instant is the file's modification time, but never earlier than the start of the last read that
 * found the file unchanged (the edit came after that read).
 */
final class FileSide {
    private static final Logger LOG = LoggerFactory.getLogger(FileSide.class);
    /** How long a replaced file is watched for writes that were meant for the file. */
    static final long REPLACED_WATCH_MILLIS = 250;

    /** Whether the file's text changed since last seen, and if so whether it was valid. */
    enum Verdict { UNCHANGED, ACCEPTED, REJECTED }

    /** Edits found in the file: key to canonical value (null: no value) and when they were made. */
    record Edits(Map<String, String> values, Instant stamp, Verdict verdict) {
        static final Edits NONE = new Edits(Map.of(), Instant.EPOCH, Verdict.UNCHANGED);
        static final Edits REJECTED = new Edits(Map.of(), Instant.EPOCH, Verdict.REJECTED);
    }

    /** A replaced file: its content when last looked at, the text written in its place, until when to watch. */
    private record Watched(AtomicFileWriter.Replaced replaced, String text, String written, long until) { }

    private final Path file;
    private final Clock clock;
    private final AtomicFileWriter writer = new AtomicFileWriter();
    private final List<Watched> watched = new ArrayList<>();
    private String text;
    private Map<String, String> accepted = Map.of();
    private Instant lastUnchangedRead = Instant.EPOCH;
    private String lastRejectedText;
    private volatile String lastRejection;
    private boolean missingLogged;

    FileSide(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    Path file() {
        return file;
    }

    String lastRejection() {
        return lastRejection;
    }

    /** Reads the file at start; a missing or unreadable file is refused. */
    FileSnapshot load() throws ConfigException {
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
        text = read.text();
        accepted = read.values();
        return read;
    }

    /** Forget the last text seen, so that the next read re-examines the whole file (new keys may be valid). */
    void reexamine() {
        text = null;
        lastRejectedText = null;
    }

    /** Reads the file now; null (logged once) when it is gone. */
    FileSnapshot read() throws IOException {
        FileSnapshot read = FileSnapshot.read(file, clock.instant());
        if (read == null && !missingLogged) {
            missingLogged = true;
            LOG.warn("Configuration file {} is gone; the running configuration is kept", file);
        } else if (read != null) {
            missingLogged = false;
        }
        return read;
    }

    /** The edits in {@code read} since the values last accepted; a file that does not validate is rejected whole. */
    Edits edits(FileSnapshot read, KeyRouter router) {
        if (read.text().equals(text)) {
            return Edits.NONE;
        }
        Map<String, String> canonical;
        try {
            if (read.parseError() != null) {
                throw ConfigException.withMessage(read.parseError(), null, null, file.toString());
            }
            canonical = router.validate(read.values(), file.toString());
        } catch (ConfigException e) {
            lastRejection = e.getMessage();
            if (!read.text().equals(lastRejectedText)) {
                lastRejectedText = read.text();
                LOG.error("Comet rejected an edit: {}; the running configuration is kept", e.getMessage());
            }
            return Edits.REJECTED;
        }
        Map<String, String> defaults = router.catalog().defaults();
        Map<String, String> edits = new LinkedHashMap<>();
        read.values().forEach((k, v) -> {
            if (!v.equals(accepted.get(k))) {
                edits.put(k, canonical.get(k));
            }
        });
        for (String k : accepted.keySet()) {
            if (!read.values().containsKey(k) && router.catalog().get(k) != null) {
                edits.put(k, defaults.get(k)); // removed from the file: back to the default
            }
        }
        Instant stamp = read.modified().isAfter(lastUnchangedRead) ? read.modified() : lastUnchangedRead;
        return new Edits(edits, stamp, Verdict.ACCEPTED);
    }

    /** What the file says for {@code key} (its default when absent); null when unreadable or invalid. */
    String effectiveValue(FileSnapshot read, String key, KeyRouter router) {
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

    /** Records what was read (and written) once a merge is done. */
    void remember(FileSnapshot read, Edits edits, String newText, Map<String, String> written) {
        if (read.text().equals(text)) {
            lastUnchangedRead = read.readStarted();
        }
        Map<String, String> next = new HashMap<>(edits.verdict() == Verdict.ACCEPTED ? read.values() : accepted);
        written.forEach((k, v) -> {
            if (v == null) {
                next.remove(k);
            } else {
                next.put(k, v);
            }
        });
        accepted = next;
        text = newText;
    }

    /**
     * Writes {@code changes} into the lines of the text {@code read} holds.
     *
     * @return the new text, or null when the file changed since {@code read} (nothing written: merge again)
     */
    String write(FileSnapshot read, Map<String, String> changes) throws IOException {
        String next = read.parsed().with(changes).text();
        AtomicFileWriter.Replaced replaced = writer.replace(file, read.text(), next);
        if (replaced == null) {
            return null;
        }
        watched.add(new Watched(replaced, replaced.text(), next,
                System.nanoTime() / 1_000_000 + REPLACED_WATCH_MILLIS));
        return next;
    }

    /**
     * Looks at recently replaced files for writes that reached them after they were replaced, and carries the
     * keys those writes changed over to the file (where the next merge sees them as edits).
     *
     * @return whether anything was carried over
     */
    boolean checkReplaced() throws IOException {
        boolean carried = false;
        long now = System.nanoTime() / 1_000_000;
        for (Watched w : new ArrayList<>(watched)) {
            String content = w.replaced().now();
            watched.remove(w);
            if (!content.equals(w.text())) {
                carried |= carryOver(changedKeys(w.text(), content), w.written());
            }
            if (now < w.until()) {
                watched.add(new Watched(w.replaced(), content, w.written(), w.until()));
            } else {
                w.replaced().close();
            }
        }
        return carried;
    }

    /** Whether replaced files are still being watched. */
    boolean watchingReplaced() {
        return !watched.isEmpty();
    }

    void close() {
        watched.forEach(w -> w.replaced().close());
        watched.clear();
    }

    /**
     * Carries {@code theirs} (keys changed in a replaced file) over to the file, except keys the file itself has
     * changed since {@code written} was put in its place: an edit that reached the new file came after one that
     * reached the replaced file (a writer that opens the path again gets the new file), so it is the newer one.
     */
    private boolean carryOver(Map<String, String> theirs, String written) throws IOException {
        if (theirs.isEmpty()) {
            return false;
        }
        Map<String, String> wrote = PropertiesText.parse(written).values();
        for (int attempt = 0; attempt < 10; attempt++) {
            FileSnapshot current = FileSnapshot.read(file, clock.instant());
            if (current == null || current.parsed() == null) {
                break;
            }
            Map<String, String> now = current.values();
            Map<String, String> older = new LinkedHashMap<>(theirs);
            older.keySet().removeIf(k -> !java.util.Objects.equals(now.get(k), wrote.get(k)));
            if (older.size() < theirs.size()) {
                LOG.info("Not carrying over {} from the replaced {}: the file has a newer edit of them",
                        theirs.keySet().stream().filter(k -> !older.containsKey(k)).toList(), file);
                theirs = older;
                if (theirs.isEmpty()) {
                    return false;
                }
            }
            if (current.parsed().with(theirs).text().equals(current.text())) {
                return false;
            }
            if (write(current, theirs) != null) {
                LOG.info("Carried over an edit of {} that reached the file while it was being replaced: {}", file,
                        theirs.keySet());
                return true;
            }
        }
        LOG.warn("Could not carry over an edit of {} ({}) that reached the file while it was being replaced", file,
                theirs.keySet());
        return false;
    }

    private static Map<String, String> changedKeys(String before, String after) {
        try {
            Map<String, String> a = PropertiesText.parse(before).values();
            Map<String, String> b = PropertiesText.parse(after).values();
            Map<String, String> changed = new LinkedHashMap<>();
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
}
