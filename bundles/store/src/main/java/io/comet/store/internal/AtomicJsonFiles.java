package io.comet.store.internal;

import io.comet.common.Json;
import io.comet.store.ConfigFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@link ConfigFiles} on a folder. Save: write {@code name.tmp} and force it; copy the current file to
 * {@code name.bak} (forced); move the temp file over {@code name} atomically; force the folder. A crash at any
 * point leaves a complete {@code name} or a complete {@code name.bak}. Load: {@code name}, or {@code name.bak}
 * when {@code name} is missing, empty or not valid JSON of the asked type.
 */
final class AtomicJsonFiles implements ConfigFiles {
    private final Path dir;

    AtomicJsonFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public Path directory() { return dir; }

    @Override
    public <T> Optional<T> load(String name, Class<T> type) {
        Path main = file(name);
        for (Path p : new Path[] {main, bak(main)}) {
            String text = read(p);
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                return Optional.of(Json.fromString(text, type));
            } catch (IllegalArgumentException e) {
                // try the backup
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> loadText(String name) {
        Path main = file(name);
        for (Path p : new Path[] {main, bak(main)}) {
            String text = read(p);
            if (text != null && !text.isBlank()) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    @Override
    public void save(String name, Object value) {
        saveText(name, Json.toPrettyString(value));
    }

    @Override
    public synchronized void saveText(String name, String json) {
        Path main = file(name);
        Path tmp = main.resolveSibling(main.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            if (Files.exists(main) && Files.size(main) > 0) {
                Path bak = bak(main);
                Files.copy(main, bak, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel ch = FileChannel.open(bak, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, main, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, main, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save config file " + main, e);
        }
    }

    private Path file(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("config file name must be a plain file name, not '" + name + "'");
        }
        return dir.resolve(name);
    }

    private static Path bak(Path main) {
        return main.resolveSibling(main.getFileName() + ".bak");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open or force a folder; the data files themselves were forced
        }
    }
}
