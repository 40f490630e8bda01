package io.comet.config.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A faithful-enough ConfigAdmin for unit tests: configurations by PID, {@code getProperties} returns a copy,
 * {@code update} stores a copy with {@code service.pid} and then calls the synchronous listeners in the updating
 * thread (as Felix does for {@code SynchronousConfigurationListener}); {@code updateIfDifferent} skips equal
 * dictionaries; {@code delete} forgets the configuration and notifies. Counts real updates per PID.
 */
final class InMemoryConfigurationAdmin implements ConfigurationAdmin {
    private final Map<String, Config> configs = new ConcurrentHashMap<>();
    private final List<Consumer<String>> syncListeners = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> updates = new ConcurrentHashMap<>();

    void addSyncListener(Consumer<String> listener) {
        syncListeners.add(listener);
    }

    /** The stored value of {@code key} in {@code pid}, or null. */
    Object value(String pid, String key) {
        Config c = configs.get(pid);
        Dictionary<String, Object> p = c == null ? null : c.getProperties();
        return p == null ? null : p.get(key);
    }

    int updateCount(String pid) {
        AtomicInteger n = updates.get(pid);
        return n == null ? 0 : n.get();
    }

    /** Sets one key the way a third party would: read, change one key, update. */
    void set(String pid, String key, Object value) throws Exception {
        Configuration c = getConfiguration(pid, "?");
        Dictionary<String, Object> p = c.getProperties();
        if (p == null) {
            p = new Hashtable<>();
        }
        p.put(key, value);
        c.update(p);
    }

    private void fire(String pid) {
        for (Consumer<String> l : syncListeners) {
            l.accept(pid);
        }
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        return configs.computeIfAbsent(pid, Config::new);
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration[] listConfigurations(String filter) {
        List<Configuration> list = new ArrayList<>();
        for (Config c : configs.values()) {
            if (c.getProperties() != null) {
                list.add(c);
            }
        }
        return list.isEmpty() ? null : list.toArray(new Configuration[0]);
    }

    private final class Config implements Configuration {
        private final String pid;
        private Hashtable<String, Object> properties;
        private long changeCount;

        Config(String pid) {
            this.pid = pid;
        }

        @Override public String getPid() { return pid; }

        @Override
        public synchronized Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(org.osgi.framework.ServiceReference<?> ref) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> props) {
            synchronized (this) {
                Hashtable<String, Object> copy = new Hashtable<>();
                for (Enumeration<String> keys = props.keys(); keys.hasMoreElements(); ) {
                    String k = keys.nextElement();
                    copy.put(k, props.get(k));
                }
                copy.put(Constants.SERVICE_PID, pid);
                properties = copy;
                changeCount++;
            }
            updates.computeIfAbsent(pid, p -> new AtomicInteger()).incrementAndGet();
            fire(pid);
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> props) {
            synchronized (this) {
                if (properties != null) {
                    Hashtable<String, Object> cmp = new Hashtable<>(properties);
                    cmp.remove(Constants.SERVICE_PID);
                    Hashtable<String, Object> other = new Hashtable<>();
                    for (Enumeration<String> keys = props.keys(); keys.hasMoreElements(); ) {
                        String k = keys.nextElement();
                        other.put(k, props.get(k));
                    }
                    other.remove(Constants.SERVICE_PID);
                    if (ValueParserEquality.sameDictionaries(cmp, other)) {
                        return false;
                    }
                }
            }
            update(props);
            return true;
        }

        @Override
        public void delete() {
            synchronized (this) {
                properties = null;
            }
            configs.remove(pid);
            fire(pid);
        }

        @Override public String getFactoryPid() { return null; }
        @Override public void update() { }
        @Override public void setBundleLocation(String location) { }
        @Override public String getBundleLocation() { return "?"; }
        @Override public synchronized long getChangeCount() { return changeCount; }
        @Override public void addAttributes(ConfigurationAttribute... attrs) { }
        @Override public Set<ConfigurationAttribute> getAttributes() { return Collections.emptySet(); }
        @Override public void removeAttributes(ConfigurationAttribute... attrs) { }
    }

    /** Dictionary equality that compares arrays by content. */
    static final class ValueParserEquality {
        private ValueParserEquality() { }

        static boolean sameDictionaries(Map<String, Object> a, Map<String, Object> b) {
            if (!a.keySet().equals(b.keySet())) {
                return false;
            }
            for (String k : a.keySet()) {
                if (!java.util.Objects.deepEquals(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
    }
}
