package io.comet.broker.internal.consume.retry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.comet.common.DataVersion;
import io.comet.store.ConfigFiles;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How far delayed delivery got in each level's queue of {@code SCHEDULE_TOPIC_XXXX}, persisted in
 * {@code config/delayOffset.json}: {@code {"dataVersion":{...},"offsetTable":{"1":10,"3":7}}} (key = delay level,
 * value = the queue offset of the next message to deliver; fastjson's unquoted keys are read too).
 */
public final class DelayOffsetTable {
    public static final String FILE = "delayOffset.json";

    private final ConcurrentHashMap<Integer, Long> offsets = new ConcurrentHashMap<>();
    private final ConfigFiles files;
    private final LongSupplier clock;
    private volatile DataVersion dataVersion;

    /** The file's shape. */
    public record Wrapper(Map<Integer, Long> offsetTable, DataVersion dataVersion) {
        @JsonCreator
        public Wrapper(@JsonProperty("offsetTable") Map<Integer, Long> offsetTable,
                       @JsonProperty("dataVersion") DataVersion dataVersion) {
            this.offsetTable = offsetTable == null ? Map.of() : offsetTable;
            this.dataVersion = dataVersion;
        }
    }

    public DelayOffsetTable(ConfigFiles files, LongSupplier clock) {
        this.files = files;
        this.clock = clock;
        Wrapper w = files.load(FILE, Wrapper.class).orElse(null);
        if (w != null) {
            w.offsetTable().forEach((level, offset) -> {
                if (level != null && offset != null) {
                    offsets.put(level, offset);
                }
            });
        }
        dataVersion = w != null && w.dataVersion() != null ? w.dataVersion() : DataVersion.initial(clock.getAsLong());
    }

    /** The next offset to deliver of {@code level}, 0 when none is recorded. */
    public long get(int level) {
        return offsets.getOrDefault(level, 0L);
    }

    public void set(int level, long offset) {
        offsets.put(level, offset);
    }

    /** A sorted copy in the file's shape (also the body of GET_ALL_DELAY_OFFSET). */
    public synchronized Wrapper snapshot() {
        return new Wrapper(new TreeMap<>(offsets), dataVersion);
    }

    /**
     * Replaces every level's offset and the version with a master's (slave metadata sync) and saves; does nothing
     * when {@code master}'s version is the one in force. Returns whether the table changed.
     */
    public synchronized boolean replaceAll(Wrapper master) {
        if (master.dataVersion() == null || master.dataVersion().equals(dataVersion)) {
            return false;
        }
        offsets.clear();
        master.offsetTable().forEach((level, offset) -> {
            if (level != null && offset != null) {
                offsets.put(level, offset);
            }
        });
        dataVersion = master.dataVersion();
        files.save(FILE, snapshot());
        return true;
    }

    public synchronized void persist() {
        dataVersion = dataVersion.next(Math.max(clock.getAsLong(), dataVersion.timestamp()));
        files.save(FILE, snapshot());
    }
}
