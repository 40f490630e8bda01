package io.comet.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that reach a properties file after Comet replaced it (a writer that had it open) are carried over to the
 * new file - but never over a newer edit of the same key made in the new file (found by WriteBackRaceTest: a user
 * appending {@code k=old} then {@code k=new} had the first line land in the replaced file and the second in the new
 * one, and the carry-over put {@code k=old} back).
 */
class FileSideCarryOverTest {
    @TempDir
    Path dir;

    private static void append(FileChannel ch, String line) throws Exception {
        ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.ISO_8859_1)), ch.size());
    }

    private static String value(Path file, String key) throws Exception {
        return PropertiesText.parse(Files.readString(file, StandardCharsets.ISO_8859_1)).values().get(key);
    }

    @Test
    void anEditThatReachedOnlyTheReplacedFileIsCarriedOver() throws Exception {
        Path file = Files.writeString(dir.resolve("broker.conf"), "userKey=0\nserviceKey=0\n");
        FileSide side = new FileSide(file, Clock.systemUTC());
        side.load();
        try (FileChannel early = FileChannel.open(file, StandardOpenOption.WRITE)) { // opened before the rename
            assertTrue(side.write(side.read(), Map.of("serviceKey", "service-1")) != null);
            append(early, "userKey=user-1\n");
            assertTrue(side.checkReplaced(), "the edit in the replaced file is carried over");
        } finally {
            side.close();
        }
        assertEquals("user-1", value(file, "userKey"));
        assertEquals("service-1", value(file, "serviceKey"));
    }

    @Test
    void aNewerEditOfTheSameKeyInTheNewFileWins() throws Exception {
        Path file = Files.writeString(dir.resolve("broker.conf"), "userKey=0\nserviceKey=0\n");
        FileSide side = new FileSide(file, Clock.systemUTC());
        side.load();
        try (FileChannel early = FileChannel.open(file, StandardOpenOption.WRITE)) {
            assertTrue(side.write(side.read(), Map.of("serviceKey", "service-1")) != null);
            append(early, "userKey=stale-1\n"); // the user's first append reached the replaced file
            Files.writeString(file, "userKey=user-1\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
            assertFalse(side.checkReplaced(), "nothing to carry over: the new file has a newer userKey");
        } finally {
            side.close();
        }
        assertEquals("user-1", value(file, "userKey"), "the later edit wins");
        assertEquals("service-1", value(file, "serviceKey"));
    }
}
