package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
    @TempDir
    Path dir;

    /** consumerOffset.json's shape, as the broker will model it. */
    public static final class OffsetTable {
        public Map<String, Map<Integer, Long>> offsetTable = new TreeMap<>();
    }

    @Test
    void saveKeepsThePreviousVersionAsBakAndLoadFallsBackToIt() throws Exception {
        AtomicJsonFiles files = new AtomicJsonFiles(dir.resolve("config"));
        OffsetTable v1 = new OffsetTable();
        v1.offsetTable.put("TopicTest@groupA", new TreeMap<>(Map.of(0, 250L, 1, 251L)));
        files.save("consumerOffset.json", v1);
        OffsetTable v2 = new OffsetTable();
        v2.offsetTable.put("TopicTest@groupA", new TreeMap<>(Map.of(0, 300L)));
        files.save("consumerOffset.json", v2);

        Path main = dir.resolve("config/consumerOffset.json");
        assertTrue(Files.exists(main.resolveSibling("consumerOffset.json.bak")));
        assertTrue(Files.notExists(main.resolveSibling("consumerOffset.json.tmp")));
        assertEquals(300L, files.load("consumerOffset.json", OffsetTable.class).orElseThrow().offsetTable.get("TopicTest@groupA").get(0));

        Files.writeString(main, "{\"offsetTable\": {\"TopicTest@gro"); // torn write
        OffsetTable fromBak = files.load("consumerOffset.json", OffsetTable.class).orElseThrow();
        assertEquals(250L, fromBak.offsetTable.get("TopicTest@groupA").get(0));
        Files.writeString(main, "");
        assertEquals(251L, files.load("consumerOffset.json", OffsetTable.class).orElseThrow().offsetTable.get("TopicTest@groupA").get(1));
        assertTrue(files.load("missing.json", OffsetTable.class).isEmpty());
    }

    @Test
    void fastjsonUnquotedNumericKeysAreRead() throws Exception {
        AtomicJsonFiles files = new AtomicJsonFiles(dir);
        files.saveText("consumerOffset.json", "{\"dataVersion\":{\"counter\":1},\"groupTopicMap\":{\"g\":[\"T\"]},"
                + "\"offsetTable\":{\"T@g\":{0:250,1:251}}}");
        OffsetTable t = files.load("consumerOffset.json", OffsetTable.class).orElseThrow();
        assertEquals(Map.of(0, 250L, 1, 251L), t.offsetTable.get("T@g"));
        assertTrue(files.loadText("consumerOffset.json").orElseThrow().contains("{0:250"));
    }

    @Test
    void fileNamesMustBePlain() {
        AtomicJsonFiles files = new AtomicJsonFiles(dir);
        assertThrows(IllegalArgumentException.class, () -> files.saveText("../x.json", "{}"));
    }
}
