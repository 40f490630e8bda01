package io.comet.config.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One read of the node's properties file: its text, its parsed form (or why it could not be parsed), its
 * modification time, and when the read started (any edit the read did not see happened after that instant).
 */
record FileSnapshot(String text, PropertiesText parsed, String parseError, Instant modified, Instant readStarted) {

    /** Reads {@code file}; returns {@code null} when it does not exist. */
    static FileSnapshot read(Path file, Instant readStarted) throws IOException {
        String text;
        Instant modified;
        try {
            text = AtomicFileWriter.read(file);
            // read after the text: the time is then never older than the write that produced the text
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return new FileSnapshot(text, PropertiesText.parse(text), null, modified, readStarted);
        } catch (IllegalArgumentException e) {
            return new FileSnapshot(text, null, "cannot read " + file + ": " + e.getMessage(), modified, readStarted);
        }
    }

    /** Key to trimmed value; empty when the text could not be parsed. */
    Map<String, String> values() {
        return parsed == null ? Map.of() : parsed.values();
    }
}
