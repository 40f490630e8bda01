package io.comet.broker.internal.topic;

import io.comet.common.DataVersion;
import io.comet.common.TopicConfig;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.store.ConfigFiles;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The broker's topic table, persisted in {@code config/topics.json} with its {@link DataVersion}.
 *
 * <p>File format (fastjson-compatible, written atomically by {@link ConfigFiles}):
 * {@code {"dataVersion":{"counter":N,"stateVersion":0,"timestamp":ms},"topicConfigTable":{"T":{TopicConfig},...}}}.
 *
 * <p>Reads are lock-free. Every change bumps the data version (so NameServers rebuild this broker's queue data),
 * saves the file and then runs the change listener (the broker re-registers with its NameServers at once).
 * Changes are serialised; a listener must not call back into a mutating method on the same thread.
 */
public final class TopicConfigManager {
    public static final String FILE = "topics.json";

    private final ConcurrentHashMap<String, TopicConfig> table = new ConcurrentHashMap<>();
    private final ConfigFiles files;
    private final LongSupplier clock;
    private volatile DataVersion dataVersion;
    private volatile Runnable changeListener = () -> {};

    /** Loads {@code topics.json} from {@code files} (an absent file is an empty table). */
    public TopicConfigManager(ConfigFiles files, LongSupplier clock) {
        this.files = files;
        this.clock = clock;
        TopicConfigSerializeWrapper loaded = files.load(FILE, TopicConfigSerializeWrapper.class).orElse(null);
        if (loaded != null) {
            table.putAll(loaded.topicConfigTable());
            dataVersion = loaded.dataVersion();
        } else {
            dataVersion = DataVersion.initial(clock.getAsLong());
        }
    }

    /** Runs after every change (once the file is saved). */
    public void onChange(Runnable listener) {
        this.changeListener = listener == null ? () -> {} : listener;
    }

    /** The topic's configuration, or null when the broker does not have it. */
    public TopicConfig get(String topic) {
        return table.get(topic);
    }

    public boolean contains(String topic) {
        return table.containsKey(topic);
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** A consistent copy of the table and its version, sorted by topic name. */
    public synchronized TopicConfigSerializeWrapper snapshot() {
        return new TopicConfigSerializeWrapper(new TreeMap<>(table), dataVersion);
    }

    /** Topic names and configurations, sorted by name (a copy). */
    public Map<String, TopicConfig> all() {
        return new TreeMap<>(table);
    }

    /** Creates or replaces a topic. */
    public void put(TopicConfig config) {
        synchronized (this) {
            table.put(config.topicName(), config);
            changed();
        }
        changeListener.run();
    }

    /**
     * Adds {@code config} unless the topic exists; returns the topic's configuration after the call. Fires the
     * change listener only when it added.
     */
    public TopicConfig putIfAbsent(TopicConfig config) {
        TopicConfig existing = table.get(config.topicName());
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = table.get(config.topicName());
            if (existing != null) {
                return existing;
            }
            table.put(config.topicName(), config);
            changed();
        }
        changeListener.run();
        return config;
    }

    /** Applies {@code change} to an existing topic; returns the new configuration, or null if there is none. */
    public TopicConfig update(String topic, UnaryOperator<TopicConfig> change) {
        TopicConfig updated;
        synchronized (this) {
            TopicConfig current = table.get(topic);
            if (current == null) {
                return null;
            }
            updated = change.apply(current);
            if (updated.equals(current)) {
                return current;
            }
            table.put(topic, updated);
            changed();
        }
        changeListener.run();
        return updated;
    }

    /** Removes a topic; false when it did not exist. */
    public boolean delete(String topic) {
        synchronized (this) {
            if (table.remove(topic) == null) {
                return false;
            }
            changed();
        }
        changeListener.run();
        return true;
    }

    /**
     * Adds every topic of {@code configs} that is missing, with one version bump and one save, without running
     * the change listener (used at start, before the first registration).
     */
    public synchronized void seed(Iterable<TopicConfig> configs) {
        boolean added = false;
        for (TopicConfig c : configs) {
            if (table.putIfAbsent(c.topicName(), c) == null) {
                added = true;
            }
        }
        if (added) {
            changed();
        }
    }

    /**
     * Replaces the whole table and its version with a master's (slave metadata sync), saves the file and runs the
     * change listener; does nothing when {@code master}'s version is the one in force.
     *
     * @return whether the table changed
     */
    public boolean replaceAll(TopicConfigSerializeWrapper master) {
        synchronized (this) {
            if (master.dataVersion().equals(dataVersion)) {
                return false;
            }
            table.clear();
            table.putAll(master.topicConfigTable());
            dataVersion = master.dataVersion();
            persist();
        }
        changeListener.run();
        return true;
    }

    /** Saves the current table (e.g. on shutdown). */
    public synchronized void persist() {
        files.save(FILE, new TopicConfigSerializeWrapper(new TreeMap<>(table), dataVersion));
    }

    private void changed() {
        dataVersion = dataVersion.next(Math.max(clock.getAsLong(), dataVersion.timestamp()));
        persist();
    }
}
