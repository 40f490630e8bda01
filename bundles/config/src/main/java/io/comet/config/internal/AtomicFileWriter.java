package io.comet.config.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a properties file atomically, and only if it still holds what the caller read.
 *
 * <p>The new text goes to a temporary file in the same folder ({@code .<name>.<n>.comet-tmp}), which is
 * fsynced and then moved over the file in one rename; the folder is fsynced after the move. A reader therefore
 * sees either the old or the new file, never a mix, and a crash leaves one of them.
 *
 * <p>Just before the rename the current file is opened and compared with the text the caller based its edit on;
 * when someone changed it meanwhile, nothing is written ({@link Outcome#changed()}). The opened channel is read
 * again after the rename: a write that reached the old file between the check and the rename (an append, an
 * editor that writes in place) is returned as {@link Outcome#lostText()} so the caller can put it back. An edit
 * made by renaming another file into place during those few microseconds cannot be seen and is lost.
 *
 * <p>Bytes are ISO-8859-1, the encoding RocketMQ reads properties files in.
 */
final class AtomicFileWriter {
    /**
     * What happened.
     *
     * @param written  whether the new text is now the file
     * @param changed  the file no longer held the expected text; nothing was written
     * @param lostText when written: the old file's text if it was changed between the check and the rename, else null
     */
    record Outcome(boolean written, boolean changed, String lostText) { }

    private static final AtomicLong COUNTER = new AtomicLong();

    /** Writes {@code text} to {@code file} if the file currently holds {@code expected}. */
    Outcome replace(Path file, String expected, String text) throws IOException {
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
            try (FileChannel current = FileChannel.open(file, StandardOpenOption.READ)) {
                if (!expected.equals(read(current))) {
                    return new Outcome(false, true, null);
                }
                move(tmp, file);
                fsyncDirectory(dir);
                String after = read(current);
                return new Outcome(true, false, after.equals(expected) ? null : after);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads the whole file as ISO-8859-1. */
    static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    private static String read(FileChannel channel) throws IOException {
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
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            Files.setPosixFilePermissions(to, permissions);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (FileSystemException | UnsupportedOperationException e) {
            // some platforms cannot open or sync a folder; the rename itself is still atomic
        } catch (IOException e) {
            // same: best effort
        }
    }
}
