package io.comet.shell.internal;

import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** A ConfigService over a map; refuses values equal to "bad" and keys it does not know, as the real one would. */
final class FakeConfigService implements ConfigService {
    final SortedMap<String, String> values = new TreeMap<>();
    final Map<String, String> pids = new java.util.HashMap<>();
    final List<Map<String, String>> updates = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
    String file = "/conf/broker.conf";

    FakeConfigService with(String pid, String key, String value) {
        values.put(key, value);
        pids.put(key, pid);
        return this;
    }

    @Override
    public void update(Map<String, String> properties, String source) throws ConfigException {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!pids.containsKey(e.getKey())) {
                throw ConfigException.withMessage("unknown key '" + e.getKey() + "' in " + source, e.getKey(),
                        e.getValue(), source);
            }
            if ("bad".equals(e.getValue())) {
                throw ConfigException.withMessage("invalid value 'bad' for " + e.getKey() + " in " + source
                        + ": expected a whole number", e.getKey(), e.getValue(), source);
            }
        }
        updates.add(properties);
        sources.add(source);
        values.putAll(properties);
    }

    @Override
    public SortedMap<String, String> current() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    @Override
    public String pidOf(String key) {
        return pids.get(key);
    }

    @Override
    public String file() {
        return file;
    }
}
