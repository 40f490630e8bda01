package io.comet.config.internal;

import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/** {@link ConfigService} over the synchroniser: every change goes through its single thread. */
final class ConfigServiceImpl implements ConfigService {
    private final ConfigSynchronizer synchronizer;

    ConfigServiceImpl(ConfigSynchronizer synchronizer) {
        this.synchronizer = synchronizer;
    }

    @Override
    public void update(Map<String, String> properties, String source) throws ConfigException {
        Objects.requireNonNull(properties, "properties");
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw ConfigException.withMessage("a key or value given by " + source + " is null: " + e,
                        e.getKey(), e.getValue(), source);
            }
        }
        synchronizer.update(properties, source == null ? "an update" : source);
    }

    @Override
    public SortedMap<String, String> current() {
        return synchronizer.current();
    }

    @Override
    public String pidOf(String key) {
        return synchronizer.pidOf(key);
    }

    @Override
    public String file() {
        return synchronizer.file() == null ? null : synchronizer.file().toString();
    }
}
