package io.comet.namesrv.internal.kv;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.comet.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The NameServer's KV configuration (PUT/GET/DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE): namespaces of string
 * keys and values, e.g. namespace {@code ORDER_TOPIC_CONFIG}, key = topic, value = {@code broker-a:4;broker-b:4}.
 *
 * <p><b>File format</b> ({@code kvConfigPath}, RocketMQ's default {@code ~/namesrv/kvConfig.json}): UTF-8 JSON
 * <pre>{"configTable":{"ORDER_TOPIC_CONFIG":{"TopicTest":"broker-a:4"}}}</pre>
 * written after every change to {@code <file>.tmp}, forced to disk and moved over the file atomically, so a crash
 * leaves either the old or the new table, never a torn one. A missing file is an empty table. A change that
 * cannot be written is undone and reported.
 */
public final class KvConfigStore {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, TreeMap<String, String>> table = new TreeMap<>();
    private Path file;

    public KvConfigStore(Path file) {
        this.file = file;
    }

    /** The file as stored: {@code {"configTable":{...}}}. */
    record FileContent(@JsonProperty("configTable") Map<String, Map<String, String>> configTable) {}

    /**
     * (Re)reads the file, replacing the table; a missing file gives an empty table.
     *
     * @throws IOException naming the file when it cannot be read or is not the expected JSON
     */
    public void load() throws IOException {
        lock.writeLock().lock();
        try {
            table.clear();
            table.putAll(read(file));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static Map<String, TreeMap<String, String>> read(Path file) throws IOException {
        Map<String, TreeMap<String, String>> result = new TreeMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return result;
        }
        if (bytes.length == 0) {
            return result;
        }
        FileContent content;
        try {
            content = Json.fromBytes(bytes, FileContent.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("KV config file " + file + " is not valid: " + e.getMessage(), e);
        }
        if (content.configTable() != null) {
            content.configTable().forEach((ns, kv) -> result.put(ns, kv == null ? new TreeMap<>() : new TreeMap<>(kv)));
        }
        return result;
    }

    /**
     * Moves the store to another file: the table is read from it when it exists, otherwise the current table is
     * written there.
     */
    public void relocate(Path newFile) throws IOException {
        lock.writeLock().lock();
        try {
            if (newFile.equals(file)) {
                return;
            }
            if (Files.exists(newFile)) {
                Map<String, TreeMap<String, String>> loaded = read(newFile);
                table.clear();
                table.putAll(loaded);
            } else {
                write(newFile);
            }
            file = newFile;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Path file() {
        lock.readLock().lock();
        try {
            return file;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Sets a value and persists. @throws UncheckedIOException when the file cannot be written (nothing changes) */
    public void put(String namespace, String key, String value) {
        lock.writeLock().lock();
        try {
            TreeMap<String, String> kv = table.computeIfAbsent(namespace, n -> new TreeMap<>());
            String previous = kv.put(key, value);
            try {
                write(file);
            } catch (IOException e) {
                if (previous == null) {
                    kv.remove(key);
                    if (kv.isEmpty()) {
                        table.remove(namespace);
                    }
                } else {
                    kv.put(key, previous);
                }
                throw new UncheckedIOException("cannot write KV config file " + file + ": " + e.getMessage(), e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The value, or {@code null}. */
    public String get(String namespace, String key) {
        lock.readLock().lock();
        try {
            TreeMap<String, String> kv = table.get(namespace);
            return kv == null ? null : kv.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Removes a key and persists; the namespace stays, possibly empty, as in RocketMQ.
     *
     * @return whether the key existed
     * @throws UncheckedIOException when the file cannot be written (nothing changes)
     */
    public boolean delete(String namespace, String key) {
        lock.writeLock().lock();
        try {
            TreeMap<String, String> kv = table.get(namespace);
            if (kv == null || !kv.containsKey(key)) {
                return false;
            }
            String previous = kv.remove(key);
            try {
                write(file);
            } catch (IOException e) {
                kv.put(key, previous);
                throw new UncheckedIOException("cannot write KV config file " + file + ": " + e.getMessage(), e);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A copy of a namespace's keys and values, or {@code null} when the namespace is unknown. */
    public Map<String, String> namespace(String namespace) {
        lock.readLock().lock();
        try {
            TreeMap<String, String> kv = table.get(namespace);
            return kv == null ? null : new TreeMap<>(kv);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of namespaces. */
    public int namespaces() {
        lock.readLock().lock();
        try {
            return table.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Writes the table to {@code target} through a temporary file; caller holds the write lock. */
    private void write(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        byte[] bytes = Json.toPrettyString(new FileContent(new TreeMap<String, Map<String, String>>(table))).getBytes(StandardCharsets.UTF_8);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
