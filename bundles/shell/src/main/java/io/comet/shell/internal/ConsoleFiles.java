package io.comet.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where a node's console lives, in the run folder ({@code comet.run.dir}) beside its pid file:
 * <ul>
 *   <li>{@code <node>.console}: the Unix domain socket, mode 0600 (owner only);</li>
 *   <li>{@code <node>.console.token}: one line, 64 hex characters (32 random bytes), mode 0600, created with that
 *       mode (never readable by others, not even briefly) and replaced at every start.</li>
 * </ul>
 * A client must send {@code AUTH <token>} as its first line (see {@link ConsoleSession}). Both files are removed
 * when the console stops.
 */
record ConsoleFiles(Path socket, Path token) {
    static final String SOCKET_SUFFIX = ".console";
    static final String TOKEN_SUFFIX = ".console.token";

    static ConsoleFiles of(Path runDir, String node) {
        return new ConsoleFiles(runDir.resolve(node + SOCKET_SUFFIX), runDir.resolve(node + TOKEN_SUFFIX));
    }

    /** Writes a fresh token file (owner read/write only) and returns the token. */
    String writeToken() throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        Files.createDirectories(token.getParent());
        Files.deleteIfExists(token);
        try {
            Files.createFile(token, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("console token file " + token + " appeared while it was being replaced", e);
        }
        Files.writeString(token, value + "\n", StandardCharsets.US_ASCII);
        return value;
    }

    /** Restricts the bound socket to its owner. */
    void restrictSocket() throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }

    void delete() {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // best effort: a stale socket file is replaced at the next start
        }
        try {
            Files.deleteIfExists(token);
        } catch (IOException e) {
            // best effort
        }
    }
}
