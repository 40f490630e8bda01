package io.comet.namesrv.internal.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KV table survives a restart, is written whole and atomically, and refuses unreadable files clearly. */
class KvConfigStoreTest {
    @TempDir
    Path dir;

    @Test
    void valuesSurviveARestartInRocketMqFileFormat() throws IOException {
        Path file = dir.resolve("namesrv/kvConfig.json");
        KvConfigStore store = new KvConfigStore(file);
        store.load();
        store.put("ORDER_TOPIC_CONFIG", "TopicTest", "broker-a:4;broker-b:4");
        store.put("ORDER_TOPIC_CONFIG", "Other", "broker-a:2");
        store.put("NS2", "k", "v");
        assertTrue(store.delete("ORDER_TOPIC_CONFIG", "Other"));
        assertFalse(store.delete("ORDER_TOPIC_CONFIG", "Other"));

        @SuppressWarnings("unchecked")
        Map<String, Object> onDisk = Json.fromBytes(Files.readAllBytes(file), Map.class);
        assertEquals(Map.of("configTable", Map.of("ORDER_TOPIC_CONFIG", Map.of("TopicTest", "broker-a:4;broker-b:4"),
                "NS2", Map.of("k", "v"))), onDisk);
        assertFalse(Files.exists(dir.resolve("namesrv/kvConfig.json.tmp")), "no temporary file left behind");

        KvConfigStore restarted = new KvConfigStore(file);
        restarted.load();
        assertEquals("broker-a:4;broker-b:4", restarted.get("ORDER_TOPIC_CONFIG", "TopicTest"));
        assertNull(restarted.get("ORDER_TOPIC_CONFIG", "Other"));
        assertEquals(Map.of("k", "v"), restarted.namespace("NS2"));
        assertNull(restarted.namespace("NS3"));
    }

    @Test
    void fileWrittenByRocketMqWithUnquotedLayoutLoads() throws IOException {
        Path file = dir.resolve("kv.json");
        Files.writeString(file, "{\n\t\"configTable\":{\n\t\t\"ORDER_TOPIC_CONFIG\":{\n\t\t\t\"T\":\"broker-a:8\"\n\t\t}\n\t}\n}");
        KvConfigStore store = new KvConfigStore(file);
        store.load();
        assertEquals("broker-a:8", store.get("ORDER_TOPIC_CONFIG", "T"));
    }

    @Test
    void deletingTheLastKeyKeepsAnEmptyNamespace() throws IOException {
        KvConfigStore store = new KvConfigStore(dir.resolve("kv.json"));
        store.put("NS", "k", "v");
        store.delete("NS", "k");
        assertEquals(Map.of(), store.namespace("NS"));
    }

    @Test
    void missingFileIsEmptyAndMalformedFileIsRefusedNamingIt() throws IOException {
        KvConfigStore empty = new KvConfigStore(dir.resolve("none.json"));
        empty.load();
        assertEquals(0, empty.namespaces());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{not json");
        IOException e = assertThrows(IOException.class, () -> new KvConfigStore(bad).load());
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    @Test
    void aChangeThatCannotBeWrittenIsUndone() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where a directory should be");
        KvConfigStore store = new KvConfigStore(blocker.resolve("kv.json"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store.put("NS", "k", "v"));
        assertTrue(e.getMessage().contains("kv.json"), e.getMessage());
        assertNull(store.get("NS", "k"));
        assertNull(store.namespace("NS"));
    }

    @Test
    void relocateReadsAnExistingFileOrMovesTheTable() throws IOException {
        KvConfigStore store = new KvConfigStore(dir.resolve("a.json"));
        store.put("NS", "k", "v1");
        Path b = dir.resolve("b.json");
        store.relocate(b);
        assertTrue(Files.readString(b).contains("v1"), "table written to the new file");

        KvConfigStore other = new KvConfigStore(dir.resolve("c.json"));
        other.put("NS", "k", "v2");
        store.relocate(dir.resolve("c.json"));
        assertEquals("v2", store.get("NS", "k"), "an existing file wins");
    }
}
