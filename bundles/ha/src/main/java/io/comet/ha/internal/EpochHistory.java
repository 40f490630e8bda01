package io.comet.ha.internal;

import io.comet.store.ConfigFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which master wrote which part of the commit log: a list of epochs, each with the commit-log offset where its
 * master started writing. Every time a node becomes master (start-up as master, promotion) it starts a new epoch
 * at its log end; a slave adopts its master's list during the handshake. Before following, a slave compares
 * lists: the bytes of the last epoch both know (same number and same start) agree up to where the first of the
 * two lists leaves it; everything the slave has beyond that point was written by a master the new master never
 * followed, and is truncated (RocketMQ's controller mode does the same with its epoch file).
 *
 * <p>File {@code config/haEpoch} of the store (written through {@link ConfigFiles}, so atomically with a
 * {@code .bak}): one line per epoch, oldest first, {@code <epoch> <startOffset>} in decimal, e.g.
 * <pre>
 * 1 0
 * 2 1048576
 * </pre>
 * Epoch numbers strictly increase, start offsets do not decrease. A missing file is an empty list. Both sides
 * treat the bytes before the first listed epoch as an implicit epoch 0 starting at offset 0.
 *
 * <p>Thread-safe (all methods synchronized).
 */
final class EpochHistory {
    static final String FILE = "haEpoch";

    /** One epoch: its number and the commit-log offset where its master began writing. */
    record Epoch(long epoch, long startOffset) {}

    private final ConfigFiles files;
    private final List<Epoch> epochs = new ArrayList<>();

    private EpochHistory(ConfigFiles files) {
        this.files = files;
    }

    /** Loads the file (an empty list when there is none). */
    static EpochHistory load(ConfigFiles files) {
        EpochHistory h = new EpochHistory(files);
        Optional<String> text = files == null ? Optional.empty() : files.loadText(FILE);
        text.ifPresent(t -> h.epochs.addAll(parse(t)));
        return h;
    }

    /** Parses the file format; refuses lines that are not two numbers or break the ordering rules. */
    static List<Epoch> parse(String text) {
        List<Epoch> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String l = line.trim();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+");
            Epoch e;
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                e = new Epoch(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(FILE + " line " + lineNo + " '" + l
                        + "' is invalid, it must be '<epoch> <startOffset>'");
            }
            Epoch prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (e.startOffset() < 0 || prev != null
                    && (e.epoch() <= prev.epoch() || e.startOffset() < prev.startOffset())) {
                throw new IllegalArgumentException(FILE + " line " + lineNo + " '" + l
                        + "' is invalid: epochs must increase and start offsets must not decrease");
            }
            out.add(e);
        }
        return out;
    }

    static String format(List<Epoch> list) {
        StringBuilder sb = new StringBuilder();
        for (Epoch e : list) {
            sb.append(e.epoch()).append(' ').append(e.startOffset()).append('\n');
        }
        return sb.toString();
    }

    synchronized List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    /** The newest epoch number (0 when none). */
    synchronized long lastEpoch() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
    }

    /**
     * Starts a new epoch at {@code logEnd} (this node becomes master there) and saves: epochs starting beyond the
     * log end (adopted from a master whose bytes never arrived) are dropped, the new number is one more than any
     * number known.
     */
    synchronized Epoch startEpoch(long logEnd) {
        long next = lastEpoch() + 1;
        epochs.removeIf(e -> e.startOffset() > logEnd);
        Epoch e = new Epoch(next, logEnd);
        epochs.add(e);
        save();
        return e;
    }

    /** Replaces the list with the master's (after truncating) and saves. */
    synchronized void adopt(List<Epoch> masters) {
        epochs.clear();
        epochs.addAll(masters);
        save();
    }

    /**
     * Where a slave whose log ends at {@code slaveEnd} with this history must cut its log to follow a master
     * whose log ends at {@code masterEnd} with history {@code masters}: {@code slaveEnd} when nothing diverges,
     * a lower offset otherwise.
     */
    synchronized long truncationPoint(List<Epoch> masters, long masterEnd, long slaveEnd) {
        return truncationPoint(epochs, slaveEnd, masters, masterEnd);
    }

    /** The rule of {@link #truncationPoint(List, long, long)} on two lists. */
    static long truncationPoint(List<Epoch> slave, long slaveEnd, List<Epoch> master, long masterEnd) {
        int si = -1;
        int mi = -1;
        for (int i = slave.size() - 1; i >= 0 && mi < 0; i--) {
            Epoch e = slave.get(i);
            int j = master.indexOf(e);
            if (j >= 0) {
                si = i;
                mi = j;
            }
        }
        long endInMaster = mi + 1 < master.size() ? master.get(mi + 1).startOffset() : masterEnd;
        long endInSlave = si + 1 < slave.size() ? slave.get(si + 1).startOffset() : slaveEnd;
        return Math.min(slaveEnd, Math.min(endInMaster, endInSlave));
    }

    private void save() {
        if (files != null) {
            files.saveText(FILE, format(epochs));
        }
    }
}
