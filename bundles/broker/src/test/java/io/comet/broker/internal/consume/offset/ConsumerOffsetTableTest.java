package io.comet.broker.internal.consume.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.consume.DirConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed offsets survive a save and load, in RocketMQ's consumerOffset.json shape. */
class ConsumerOffsetTableTest {
    @TempDir
    Path dir;

    @Test
    void offsetsRoundTripThroughTheFile() throws Exception {
        DirConfigFiles files = new DirConfigFiles(dir);
        ConsumerOffsetTable t = new ConsumerOffsetTable(files, () -> 1000L);
        assertFalse(t.persistIfDirty(), "nothing to save yet");
        t.commit("g1", "T", 0, 250);
        t.commit("g1", "T", 1, 251);
        t.commit("g2", "T", 0, 7);
        t.commit("g1", "%RETRY%g1", 0, 3);
        assertTrue(t.persistIfDirty());
        assertFalse(t.persistIfDirty(), "saved once per change");
        String text = Files.readString(dir.resolve(ConsumerOffsetTable.FILE));
        assertTrue(text.contains("\"T@g1\""), text);

        ConsumerOffsetTable loaded = new ConsumerOffsetTable(files, () -> 2000L);
        assertEquals(250, loaded.query("g1", "T", 0));
        assertEquals(251, loaded.query("g1", "T", 1));
        assertEquals(7, loaded.query("g2", "T", 0));
        assertEquals(-1, loaded.query("g2", "T", 1));
        assertEquals(Set.of("T", "%RETRY%g1"), loaded.topicsOf("g1"));
        assertEquals(Set.of("g1", "g2"), loaded.groupsOf("T"));
        loaded.removeGroup("g1");
        assertEquals(-1, loaded.query("g1", "T", 0));
        assertEquals(7, loaded.query("g2", "T", 0));
    }

    @Test
    void readsFastjsonFilesWithUnquotedQueueIds() throws Exception {
        Files.writeString(dir.resolve(ConsumerOffsetTable.FILE), "{\n\t\"offsetTable\":{\n\t\t\"TopicTest@groupA\":"
                + "{0:250,1:251}\n\t},\n\t\"groupTopicMap\":{\"groupA\":[\"TopicTest\"]}\n}");
        ConsumerOffsetTable t = new ConsumerOffsetTable(new DirConfigFiles(dir), () -> 0L);
        assertEquals(250, t.query("groupA", "TopicTest", 0));
        assertEquals(251, t.query("groupA", "TopicTest", 1));
    }

    @Test
    void pulledOffsetsAreKeptApart() {
        ConsumerOffsetTable t = new ConsumerOffsetTable(new DirConfigFiles(dir), () -> 0L);
        t.pulled(ConsumerOffsetTable.key("T", "g"), 0, 40);
        assertEquals(40, t.pulledOffset("g", "T", 0));
        assertEquals(-1, t.query("g", "T", 0), "a pull is not a commit");
    }

    @Test
    void consumeRateComesFromSamples() {
        ConsumeTpsMeter m = new ConsumeTpsMeter();
        assertEquals(0, m.tps("g", "T", 0));
        m.add("g", "T", 5);
        m.sample(0);
        m.add("g", "T", 100);
        assertEquals(10.0, m.tps("g", "T", 10_000), 1e-9, "100 messages in 10 s");
        for (int i = 1; i <= 10; i++) {
            m.sample(i * 10_000L);
        }
        assertEquals(0.0, m.tps("g", "T", 110_000), 1e-9, "old samples age out");
    }
}
