package io.comet.config.internal;

import static io.comet.config.internal.SyncFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FileWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONF = "# broker\nbrokerName=broker-a\nlistenPort=10911\nflushDiskType=ASYNC_FLUSH\n";

    @TempDir
    Path dir;
    private SyncFixture f;
    private FileWatcher watcher;

    /** Starts with the watch service when {@code pollMillis} is long, with the poll alone when it is short. */
    private void start(long pollMillis) throws Exception {
        f = new SyncFixture(dir, CONF, KeyRouterTest.brokerCatalog(), null);
        f.sync.load();
        watcher = new FileWatcher(f.file, f.sync::fileMaybeChanged, f.sync.executor(), 20, pollMillis, pollMillis > 10_000);
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aValidEditIsAppliedLive() throws Exception {
        start(60_000); // the watch service alone must see it
        f.overwrite(CONF.replace("ASYNC_FLUSH", "SYNC_FLUSH"));
        await("flushDiskType to become SYNC_FLUSH", WAIT,
                () -> "SYNC_FLUSH".equals(f.admin.value("comet.flush", "flushDiskType")));
        assertEquals(CONF.replace("ASYNC_FLUSH", "SYNC_FLUSH"), f.text());
    }

    @Test
    void anEditorThatRenamesANewFileIntoPlaceIsSeenToo() throws Exception {
        start(60_000);
        Path tmp = dir.resolve("broker.conf.swp");
        Files.writeString(tmp, CONF.replace("10911", "10999"), StandardCharsets.ISO_8859_1);
        Files.move(tmp, f.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await("listenPort to become 10999", WAIT, () -> Integer.valueOf(10999).equals(
                f.admin.value("comet.broker", "listenPort")));
    }

    @Test
    void aBadEditIsRejectedAndTheRunningConfigurationKept() throws Exception {
        start(60_000);
        f.overwrite(CONF.replace("ASYNC_FLUSH", "FAST").replace("10911", "10912"));
        await("the edit to be rejected", WAIT, () -> f.sync.lastRejection() != null);
        assertEquals("invalid value 'FAST' for flushDiskType in " + f.file
                + ": valid values are SYNC_FLUSH, ASYNC_FLUSH", f.sync.lastRejection());
        f.drain();
        assertEquals("ASYNC_FLUSH", f.admin.value("comet.flush", "flushDiskType"));
        assertEquals(10911, f.admin.value("comet.broker", "listenPort"), "no part of a bad edit is applied");
        assertTrue(f.text().contains("FAST"), "the user's text is left for them to fix");
    }

    @Test
    void thePollAloneFindsAnEdit() throws Exception {
        start(50); // watch events off: only the poll can see the edit
        f.overwrite(CONF.replace("broker-a", "broker-b"));
        await("brokerName to become broker-b", WAIT,
                () -> "broker-b".equals(f.admin.value("comet.broker", "brokerName")));
    }
}
