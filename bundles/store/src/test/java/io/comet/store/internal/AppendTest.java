package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageCodec;
import io.comet.common.MessageIds;
import io.comet.common.MessageRecord;
import io.comet.common.StoredMessage;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoredSlice;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AppendTest {
    @TempDir
    Path dir;

    @Test
    void appendsAssignConsecutiveOffsetsAndAnOffsetMessageId() {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        try {
            PutResult a = put(st, message("T", 0, "first"));
            PutResult b = put(st, message("T", 0, "second"));
            PutResult c = put(st, message("T", 1, "other queue"));
            assertEquals(PutStatus.PUT_OK, a.status());
            assertEquals(0, a.physicalOffset());
            assertEquals(a.wroteBytes(), b.physicalOffset());
            assertEquals(0, a.queueOffset());
            assertEquals(1, b.queueOffset());
            assertEquals(0, c.queueOffset());
            assertEquals(StoreFixture.T0, a.storeTimestamp());
            MessageIds.OffsetId id = MessageIds.decode(b.msgId());
            assertEquals(StoreFixture.STORE_HOST, id.storeHost());
            assertEquals(b.physicalOffset(), id.physicalOffset());
            assertEquals(c.nextOffset(), st.maxPhyOffset());
            StoredSlice s = st.lookupMessage(b.physicalOffset()).orElseThrow();
            StoredMessage m = MessageCodec.decode(s.buffer(), 0, true);
            s.release();
            assertEquals("second", new String(m.body()));
            assertEquals(1, m.queueOffset());
            assertEquals(b.physicalOffset(), m.physicalOffset());
        } finally {
            st.close();
        }
    }

    @Test
    void aFullFileEndsWithTheBlankFillerAndTheEntryMovesToTheNextFile() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        List<PutResult> results = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                results.add(put(st, message("Roll", 0, "x".repeat(500) + i)));
            }
        } finally {
            st.close();
        }
        List<String> names;
        try (Stream<Path> s = Files.list(dir.resolve("commitlog"))) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(names.size() >= 3, "40 x ~600 B in 8 KiB files spans several files: " + names);
        assertEquals("00000000000000000000", names.get(0));
        assertEquals("00000000000000008192", names.get(1));
        byte[] first = Files.readAllBytes(dir.resolve("commitlog").resolve(names.get(0)));
        ByteBuffer b = ByteBuffer.wrap(first);
        int pos = 0;
        int entries = 0;
        while (b.getInt(pos + 4) != MessageCodec.BLANK_MAGIC) {
            pos += b.getInt(pos);
            entries++;
        }
        assertEquals(8192 - pos, b.getInt(pos), "filler TOTALSIZE = rest of the file");
        PutResult firstInSecondFile = results.get(entries);
        assertEquals(8192, firstInSecondFile.physicalOffset());
        assertEquals(entries, firstInSecondFile.queueOffset(), "queue offsets continue across files");
        for (int i = 1; i < results.size(); i++) {
            assertEquals(results.get(i - 1).queueOffset() + 1, results.get(i).queueOffset());
        }
    }

    @Test
    void aBatchGetsConsecutiveQueueOffsetsInOneFile() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        try {
            put(st, message("B", 2, "before"));
            List<MessageRecord> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(message("B", 2, "batch-" + i));
            }
            PutResult r = st.putMessages(batch).get(10, TimeUnit.SECONDS);
            assertEquals(PutStatus.PUT_OK, r.status());
            assertEquals(5, r.messageCount());
            assertEquals(1, r.queueOffset());
            assertEquals(5, r.msgId().split(",").length);
            StoreFixture.awaitDispatched(st);
            assertEquals(6, st.maxOffsetInQueue("B", 2));
            try (var got = st.getMessages("g", "B", 2, 1, 10, 1 << 20, null)) {
                assertEquals(5, got.messages().size());
                long expectedPhys = r.physicalOffset();
                for (int i = 0; i < 5; i++) {
                    StoredMessage m = MessageCodec.decode(got.messages().get(i).buffer(), 0, true);
                    assertEquals("batch-" + i, new String(m.body()));
                    assertEquals(1 + i, m.queueOffset());
                    assertEquals(expectedPhys, m.physicalOffset());
                    expectedPhys += m.totalSize();
                }
                assertEquals(r.nextOffset(), expectedPhys);
            }
            PutResult mixed = st.putMessages(List.of(message("B", 2, "a"), message("B", 3, "b"))).get(10, TimeUnit.SECONDS);
            assertEquals(PutStatus.MESSAGE_ILLEGAL, mixed.status(), "a batch must target one queue");
        } finally {
            st.close();
        }
    }

    @Test
    void oversizedBodiesAndPropertiesAreRefusedWithoutWriting() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open(fx.settings().maxMessageSize(1000).build());
        try {
            assertEquals(PutStatus.MESSAGE_ILLEGAL, put(st, message("T", 0, "y".repeat(1001))).status());
            MessageRecord bigProps = message("T", 0, "b").withProperties("K\u0001" + "v".repeat(33_000) + "\u0002");
            assertEquals(PutStatus.PROPERTIES_SIZE_EXCEEDED, put(st, bigProps).status());
            DefaultMessageStore big = st;
            assertEquals(PutStatus.MESSAGE_ILLEGAL, put(big, message("T", 0, "z".repeat(999)).withProperties(
                    "K\u0001" + "v".repeat(7300) + "\u0002")).status(), "an entry larger than a file is refused");
            assertEquals(0, st.maxPhyOffset());
        } finally {
            st.close();
        }
    }

    @Test
    void concurrentAppendersGetDistinctGaplessQueueOffsets() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open(fx.settings().mappedFileSizeCommitLog(64 * 1024).build());
        try {
            int threads = 4;
            int each = 300;
            List<Thread> ts = new ArrayList<>();
            long[][] offsets = new long[threads][each];
            for (int t = 0; t < threads; t++) {
                int tt = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        offsets[tt][i] = put(st, message("C", 0, "t" + tt + "-" + i)).queueOffset();
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join(20_000);
            }
            boolean[] seen = new boolean[threads * each];
            for (long[] row : offsets) {
                for (int i = 0; i < each; i++) {
                    assertTrue(!seen[(int) row[i]], "queue offset given twice: " + row[i]);
                    seen[(int) row[i]] = true;
                    if (i > 0) {
                        assertTrue(row[i] > row[i - 1], "a thread's appends keep their order");
                    }
                }
            }
            StoreFixture.awaitDispatched(st);
            assertEquals(threads * each, st.maxOffsetInQueue("C", 0));
        } finally {
            st.close();
        }
    }

    @Test
    void aFileThatCannotBeCreatedAnswersCreateMappedFileFailedAndTheStoreRecovers() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        try {
            Path blocker = dir.resolve("commitlog").resolve("00000000000000016384");
            Files.createDirectories(blocker); // a folder where the third file must go
            List<PutStatus> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(put(st, message("Full", 0, "f".repeat(700) + i)).status());
            }
            assertTrue(statuses.contains(PutStatus.CREATE_MAPPED_FILE_FAILED), statuses.toString());
            assertEquals(16384, st.maxPhyOffset(), "the second file is closed by its filler, nothing more");
            Files.delete(blocker);
            PutResult ok = put(st, message("Full", 0, "after"));
            assertEquals(PutStatus.PUT_OK, ok.status());
            assertEquals(16384, ok.physicalOffset());
            long okCount = statuses.stream().filter(x -> x == PutStatus.PUT_OK).count();
            assertEquals(okCount, ok.queueOffset(), "failed appends took no queue offset");
        } finally {
            st.close();
        }
    }
}
