package io.comet.config.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a properties file atomically, and only if it still holds what the caller read.
 *
 * <p>The new text goes to a temporary file in the same folder ({@code .<name>.<n>.comet-tmp}), which is
 * fsynced and then moved over the file in one rename; the folder is fsynced after the move. A reader therefore
 * sees either the old or the new file, never a mix, and a crash leaves one of them.
 *
 * <p>Just before the rename the current file is opened and compared with the text the caller based its edit on;
 * when someone changed it meanwhile nothing is written. On success the caller gets the replaced file still open
 * ({@link Replaced}): a write that reached it between the check and the rename, or from a writer that had opened
 * it before the rename (an append, an editor saving in place), shows there, so the caller can carry it over to
 * the new file. Only an edit made by renaming yet another file into place within those microseconds is lost.
 *
 * <p>Bytes are ISO-8859-1, the encoding RocketMQ reads properties files in.
 */
final class AtomicFileWriter {
    private static final AtomicLong COUNTER = new AtomicLong();

    /** The file that was replaced, open for reading, and the text it held when it was replaced. */
    record Replaced(FileChannel channel, String text) implements AutoCloseable {
        /** What the replaced file holds now. */
        String now() throws IOException {
            return read(channel);
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: we only read it
            }
        }
    }

    /**
     * Writes {@code text} to {@code file} if the file currently holds {@code expected}.
     *
     * @return the replaced file (the caller closes it), or {@code null} when the file had changed and nothing
     *         was written
     */
    Replaced replace(Path file, String expected, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + COUNTER.incrementAndGet() + ".comet-tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            copyPermissions(file, tmp);
            FileChannel current = FileChannel.open(file, StandardOpenOption.READ);
            boolean keep = false;
            try {
                if (!expected.equals(read(current))) {
                    return null;
                }
                move(tmp, file);
                fsyncDirectory(dir);
                keep = true;
                return new Replaced(current, expected);
            } finally {
                if (!keep) {
                    current.close();
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads the whole file as ISO-8859-1. */
    static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    static String read(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size));
        long position = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + file + " atomically: " + e.getMessage(), e);
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (view != null) {
            Files.setPosixFilePermissions(to, view.readAttributes().permissions());
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open or sync a folder; the rename itself is still atomic
        }
    }
}
