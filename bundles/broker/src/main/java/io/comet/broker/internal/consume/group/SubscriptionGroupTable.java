package io.comet.broker.internal.consume.group;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.comet.common.DataVersion;
import io.comet.store.ConfigFiles;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The broker's subscription groups, persisted in {@code config/subscriptionGroup.json}.
 *
 * <p>File format (fastjson-compatible; see {@link SubscriptionGroupConfig} for one entry):
 * {@code {"dataVersion":{"counter":N,"stateVersion":0,"timestamp":ms},"forbiddenTable":{},
 * "subscriptionGroupTable":{"g":{...}}}}. The same JSON is the body of GET_ALL_SUBSCRIPTIONGROUP_CONFIG.
 *
 * <p>Reads are lock-free; changes are serialised, bump the data version and save the file.
 */
public final class SubscriptionGroupTable {
    public static final String FILE = "subscriptionGroup.json";
    /** Groups RocketMQ brokers create at first start. */
    static final List<String> SYSTEM_GROUPS = List.of("TOOLS_CONSUMER", "FILTERSRV_CONSUMER", "SELF_TEST_C_GROUP",
            "CID_RMQ_SYS_TRANS", "CID_ONSAPI_PERMISSION", "CID_ONSAPI_OWNER", "CID_ONSAPI_PULL",
            "CID_ONS-HTTP-PROXY");

    private final ConcurrentHashMap<String, SubscriptionGroupConfig> table = new ConcurrentHashMap<>();
    private final ConfigFiles files;
    private final LongSupplier clock;
    private volatile DataVersion dataVersion;

    /** The file's shape. */
    public record Wrapper(Map<String, SubscriptionGroupConfig> subscriptionGroupTable, DataVersion dataVersion,
                          Map<String, Map<String, Integer>> forbiddenTable) {
        @JsonCreator
        public Wrapper(@JsonProperty("subscriptionGroupTable") Map<String, SubscriptionGroupConfig> subscriptionGroupTable,
                       @JsonProperty("dataVersion") DataVersion dataVersion,
                       @JsonProperty("forbiddenTable") Map<String, Map<String, Integer>> forbiddenTable) {
            this.subscriptionGroupTable = subscriptionGroupTable == null ? Map.of() : subscriptionGroupTable;
            this.dataVersion = dataVersion;
            this.forbiddenTable = forbiddenTable == null ? Map.of() : forbiddenTable;
        }
    }

    /** Loads the file (an absent one starts with RocketMQ's system groups). */
    public SubscriptionGroupTable(ConfigFiles files, LongSupplier clock) {
        this.files = files;
        this.clock = clock;
        Wrapper loaded = files.load(FILE, Wrapper.class).orElse(null);
        if (loaded != null) {
            table.putAll(loaded.subscriptionGroupTable());
            dataVersion = loaded.dataVersion() != null ? loaded.dataVersion() : DataVersion.initial(clock.getAsLong());
        } else {
            dataVersion = DataVersion.initial(clock.getAsLong());
            for (String g : SYSTEM_GROUPS) {
                table.put(g, SubscriptionGroupConfig.defaults(g));
            }
        }
    }

    /** The group's configuration, or null. */
    public SubscriptionGroupConfig get(String group) {
        return table.get(group);
    }

    /**
     * The group's configuration; when it does not exist and {@code autoCreate} is set, a new one with the
     * defaults (saved); otherwise null.
     */
    public SubscriptionGroupConfig findOrCreate(String group, boolean autoCreate) {
        SubscriptionGroupConfig c = table.get(group);
        if (c != null || !autoCreate) {
            return c;
        }
        synchronized (this) {
            c = table.get(group);
            if (c == null) {
                c = SubscriptionGroupConfig.defaults(group);
                table.put(group, c);
                changed();
            }
            return c;
        }
    }

    /** Creates or replaces a group. */
    public synchronized void put(SubscriptionGroupConfig config) {
        table.put(config.groupName(), config);
        changed();
    }

    /** Removes a group; false when it did not exist. */
    public synchronized boolean delete(String group) {
        if (table.remove(group) == null) {
            return false;
        }
        changed();
        return true;
    }

    /**
     * Replaces every group and the version with a master's (slave metadata sync) and saves; does nothing when
     * {@code master}'s version is the one in force. Returns whether the table changed.
     */
    public synchronized boolean replaceAll(Wrapper master) {
        if (master.dataVersion() == null || master.dataVersion().equals(dataVersion)) {
            return false;
        }
        table.clear();
        table.putAll(master.subscriptionGroupTable());
        dataVersion = master.dataVersion();
        persist();
        return true;
    }

    /** The retry limit of {@code group}: its {@code retryMaxTimes}, or 16 when the group is unknown. */
    public int retryMaxTimes(String group) {
        SubscriptionGroupConfig c = table.get(group);
        return c == null ? SubscriptionGroupConfig.DEFAULT_RETRY_MAX_TIMES : c.retryMaxTimes();
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** A consistent copy, sorted by group name, in the file's shape. */
    public synchronized Wrapper snapshot() {
        return new Wrapper(new TreeMap<>(table), dataVersion, Map.of());
    }

    public synchronized void persist() {
        files.save(FILE, snapshot());
    }

    private void changed() {
        dataVersion = dataVersion.next(Math.max(clock.getAsLong(), dataVersion.timestamp()));
        persist();
    }
}
