package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoredSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RetentionTest {
    private static final long HOUR = 3_600_000L;
    private static final long AT_04 = StoreFixture.T0 + 4 * HOUR + 60_000; // 04:01 UTC
    private static final long AT_10 = StoreFixture.T0 + 10 * HOUR;

    @TempDir
    Path dir;

    private List<Path> commitLogFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("commitlog"))) {
            return s.sorted().toList();
        }
    }

    private List<PutResult> fillFiles(DefaultMessageStore st, int messages) {
        List<PutResult> out = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            out.add(put(st, message("Ret", 0, "r".repeat(700) + i, null, "k" + i, null)));
        }
        StoreFixture.awaitDispatched(st);
        return out;
    }

    /** Sets each commit-log file's mtime: the first {@code old} files 100 h before the fake now, the rest 1 h. */
    private void age(int old, long now) throws IOException {
        List<Path> files = commitLogFiles();
        for (int i = 0; i < files.size(); i++) {
            long t = i < old ? now - 100 * HOUR : now - HOUR;
            Files.setLastModifiedTime(files.get(i), FileTime.fromMillis(t));
        }
    }

    @Test
    void onlyExpiredFilesGoAtTheDeleteHourAndReadsOfTheGapMoveOn() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open(fx.settings().mappedFileSizeConsumeQueue(20 * 10).build());
        try {
            List<PutResult> puts = fillFiles(st, 60);
            int files = commitLogFiles().size();
            assertTrue(files >= 5, "60 x ~800 B in 8 KiB files: " + files);
            int cqFilesBefore = cqFiles();

            fx.clock.set(AT_10);
            age(3, AT_10);
            assertEquals(0, st.cleanNow(), "10:00 is not a deleteWhen hour and the disk is not full");

            fx.clock.set(AT_04);
            age(3, AT_04);
            assertEquals(3, st.cleanNow(), "only the three expired head files go; the fourth is too young");
            assertEquals(files - 3, commitLogFiles().size());
            long min = st.minPhyOffset();
            assertEquals(3 * 8192, min);
            assertTrue(cqFiles() < cqFilesBefore, "consume-queue files pointing only below the min follow");

            long firstKept = puts.stream().filter(p -> p.physicalOffset() >= min).findFirst().orElseThrow().queueOffset();
            assertEquals(firstKept, st.minOffsetInQueue("Ret", 0));
            GetResult tooSmall = st.getMessages("g", "Ret", 0, 0, 10, 1 << 20, null);
            assertEquals(GetStatus.OFFSET_TOO_SMALL, tooSmall.status());
            assertEquals(firstKept, tooSmall.nextBeginOffset());
            try (GetResult r = st.getMessages("g", "Ret", 0, tooSmall.nextBeginOffset(), 10, 1 << 20, null)) {
                assertEquals(GetStatus.FOUND, r.status());
                assertEquals(firstKept, r.messages().get(0).queueOffset());
            }
            assertTrue(st.lookupMessage(puts.get(0).physicalOffset()).isEmpty(), "deleted bytes are not served");
            assertEquals(0, st.queryMessage("Ret", "k0", 5, 0, Long.MAX_VALUE).messages().size());
        } finally {
            st.close();
        }
    }

    private int cqFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("consumequeue").resolve("Ret").resolve("0"))) {
            return (int) s.count();
        }
    }

    @Test
    void diskPressureDeletesExpiredFilesAtAnyHourAndForcedCleaningIgnoresAge() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open(fx.settings().deleteFileBatchMax(2).build());
        try {
            fillFiles(st, 60);
            int files = commitLogFiles().size();
            fx.clock.set(AT_10);
            age(1, AT_10);
            fx.diskUsage = 0.80; // above diskMaxUsedSpaceRatio 75: age rule still holds
            assertEquals(1, st.cleanNow());
            fx.diskUsage = 0.87; // above diskSpaceCleanForciblyRatio 85: young files go too, batch of 2
            assertEquals(2, st.cleanNow());
            assertEquals(files - 3, commitLogFiles().size());
            assertEquals(PutStatus.PUT_OK, put(st, message("Ret", 0, "still writable")).status());
        } finally {
            st.close();
        }
    }

    @Test
    void theFileBeingWrittenIsNeverDeletedAndAFullDiskRefusesAppends() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        try {
            fillFiles(st, 60);
            fx.clock.set(AT_04);
            age(100, AT_04);
            fx.diskUsage = 0.95;
            int deleted = 0;
            for (int i = 0; i < 20; i++) {
                deleted += st.cleanNow();
            }
            assertTrue(deleted > 0);
            assertEquals(1, st.storeStatus().commitLogFiles(), "the last file stays");
            long written = st.maxPhyOffset();
            assertEquals(written - written % 8192, st.minPhyOffset(), "and it is the one being written");
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put(st, message("Ret", 0, "refused")).status(),
                    "above diskSpaceWarningLevelRatio appends are refused");
            fx.diskUsage = 0.50;
            st.cleanNow();
            PutResult ok = put(st, message("Ret", 0, "accepted again"));
            assertEquals(PutStatus.PUT_OK, ok.status());
            StoreFixture.awaitDispatched(st);
            try (GetResult r = st.getMessages("g", "Ret", 0, ok.queueOffset(), 1, 1 << 20, null)) {
                assertEquals(GetStatus.FOUND, r.status());
            }
        } finally {
            st.close();
        }
    }

    @Test
    void aSliceInFlightKeepsADeletedFileReadable() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        try {
            List<PutResult> puts = fillFiles(st, 30);
            StoredSlice held = st.lookupMessage(puts.get(0).physicalOffset()).orElseThrow();
            fx.clock.set(AT_04);
            age(1, AT_04);
            assertEquals(1, st.cleanNow());
            assertTrue(Files.notExists(dir.resolve("commitlog").resolve("00000000000000000000")));
            byte[] copy = new byte[held.size()];
            held.buffer().get(0, copy);
            assertEquals(puts.get(0).wroteBytes(), held.buffer().getInt(0), "still mapped while held");
            held.release();
        } finally {
            st.close();
        }
    }
}
