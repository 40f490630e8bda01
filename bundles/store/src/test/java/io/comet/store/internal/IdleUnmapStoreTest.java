package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageCodec;
import io.comet.store.GetResult;
import io.comet.store.StoredSlice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running store unmaps its full, flushed, idle commit-log files on its own ({@link IdleMappingTrimmer}, default
 * 1 s idle, checked every second) and consumers still read every message of them, in order, afterwards.
 */
@Timeout(60)
class IdleUnmapStoreTest {
    @TempDir
    Path dir;

    @Test
    void oldFilesAreUnmappedWhileIdleAndTheirMessagesStayReadable() throws InterruptedException {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open(); // 8 KiB commit-log files
        try {
            int n = 200;
            for (int i = 0; i < n; i++) {
                put(st, message("U", 0, "message-" + i + "-" + "x".repeat(40)));
            }
            StoreFixture.awaitDispatched(st);
            st.commitLog().flush(0); // the test policy never flushes; unflushed files are never unmapped
            List<MappedFile> files = st.commitLog().files().files();
            assertTrue(files.size() >= 4, "several files written: " + files.size());

            long deadline = System.nanoTime() + 15_000_000_000L;
            while (files.get(0).isMapped() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            MappedFile first = files.get(0);
            assertFalse(first.isMapped(), "the first full file was unmapped within 15 s; refs " + first.references()
                    + ", wrote " + first.wrotePosition() + ", flushed " + first.flushedPosition() + " of " + first.size());
            assertTrue(files.get(files.size() - 1).isMapped(), "the file being written stays mapped");

            int read = 0;
            long offset = 0;
            while (read < n) {
                try (GetResult r = st.getMessages("g", "U", 0, offset, 32, 1 << 20, null)) {
                    assertFalse(r.messages().isEmpty(), "nothing returned at offset " + offset);
                    for (StoredSlice s : r.messages()) {
                        String body = new String(MessageCodec.decode(s.buffer(), 0, true).body());
                        assertEquals("message-" + read + "-" + "x".repeat(40), body);
                        read++;
                    }
                    offset = r.nextBeginOffset();
                }
            }
            assertEquals(n, read);
            assertTrue(files.get(0).isMapped(), "reading mapped the first file again");
            assertEquals(1, files.get(0).references(), "the reads gave their references back");
        } finally {
            st.close();
        }
    }
}
