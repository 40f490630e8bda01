package io.comet.broker.internal.consume;

import io.comet.common.Json;
import io.comet.store.ConfigFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A plain {@link ConfigFiles} on a folder for unit tests (the store's own implementation adds crash safety). */
public final class DirConfigFiles implements ConfigFiles {
    private final Path dir;

    public DirConfigFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public <T> Optional<T> load(String name, Class<T> type) {
        return loadText(name).map(t -> Json.fromString(t, type));
    }

    @Override
    public Optional<String> loadText(String name) {
        Path p = dir.resolve(name);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void save(String name, Object value) {
        saveText(name, Json.toPrettyString(value));
    }

    @Override
    public void saveText(String name, String json) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
