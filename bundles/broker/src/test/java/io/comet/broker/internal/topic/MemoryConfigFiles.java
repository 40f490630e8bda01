package io.comet.broker.internal.topic;

import io.comet.common.Json;
import io.comet.store.ConfigFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Config files kept as JSON text in memory (saves go through the real JSON mapper). */
final class MemoryConfigFiles implements ConfigFiles {
    final Map<String, String> files = new ConcurrentHashMap<>();
    int saves;

    @Override
    public Path directory() {
        return Path.of("memory");
    }

    @Override
    public <T> Optional<T> load(String name, Class<T> type) {
        String text = files.get(name);
        return text == null ? Optional.empty() : Optional.of(Json.fromString(text, type));
    }

    @Override
    public Optional<String> loadText(String name) {
        return Optional.ofNullable(files.get(name));
    }

    @Override
    public void save(String name, Object value) {
        saves++;
        files.put(name, Json.toPrettyString(value));
    }

    @Override
    public void saveText(String name, String json) {
        saves++;
        files.put(name, json);
    }
}
