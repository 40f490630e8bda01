package io.comet.config;

import java.util.Map;
import java.util.SortedMap;

/**
 * The running node's configuration in RocketMQ key names, backed by ConfigAdmin. Every change made here is
 * validated against the metatype of the PID that owns the key, applied through ConfigAdmin (components see it
 * through {@code @Modified}) and written back to the node's properties file, so the file always says what runs.
 * Used by the remoting config requests (UPDATE_BROKER_CONFIG, UPDATE_NAMESRV_CONFIG), Gogo and the loader.
 */
public interface ConfigService {
    /**
     * Validates all entries first, then applies them; nothing is applied when one is invalid.
     *
     * @param properties RocketMQ key -> value
     * @param source     where the change came from, named in errors and logs (a file, "mqadmin", "gogo")
     * @throws ConfigException naming the first bad key, its value, the source and what would be valid
     */
    void update(Map<String, String> properties, String source) throws ConfigException;

    /** Every key of this node's PIDs with its current value (defaults included), sorted by key. */
    SortedMap<String, String> current();

    /** The PID that owns {@code key}, or {@code null} when no installed bundle declares it. */
    String pidOf(String key);

    /** The properties file this node was started with and writes back to. */
    String file();
}
