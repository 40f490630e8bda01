package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageCodec;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.PutResult;
import io.comet.store.QueryResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RecoveryTest {
    @TempDir
    Path dir;

    private static List<PutResult> fill(DefaultMessageStore st, int n) {
        List<PutResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(put(st, message("Rec", i % 2, "payload-" + i + "-" + "p".repeat(200), "tag" + (i % 3), "key-" + i, "U" + i)));
        }
        return out;
    }

    private static List<String> bodies(DefaultMessageStore st, String topic, int queueId) {
        List<String> out = new ArrayList<>();
        long off = st.minOffsetInQueue(topic, queueId);
        while (true) {
            try (GetResult r = st.getMessages("g", topic, queueId, off, 32, 1 << 20, null)) {
                if (r.status() != GetStatus.FOUND) {
                    return out;
                }
                r.messages().forEach(s -> out.add(new String(MessageCodec.decode(s.buffer(), 0, true).body())));
                off = r.nextBeginOffset();
            }
        }
    }

    private void damage(long phys, int delta, byte value) throws IOException {
        long fileStart = phys - phys % 8192;
        Path f = dir.resolve("commitlog").resolve(String.format("%020d", fileStart));
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(phys - fileStart + delta);
            int old = raf.read();
            raf.seek(phys - fileStart + delta);
            raf.write(value == 0 ? 0 : old ^ value);
        }
    }

    private void markCrashed() throws IOException {
        Files.writeString(dir.resolve("abort"), "1");
    }

    @Test
    void aCleanRestartKeepsEverythingAndContinuesOffsets() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        assertTrue(Files.exists(dir.resolve("abort")), "abort exists while running");
        List<PutResult> before = fill(st, 30);
        st.close();
        assertFalse(Files.exists(dir.resolve("abort")), "clean close deletes abort");
        assertTrue(Files.exists(dir.resolve("checkpoint")));
        assertEquals(4096, Files.size(dir.resolve("checkpoint")));

        st = fx.open();
        try {
            assertEquals(before.get(29).nextOffset(), st.maxPhyOffset());
            List<String> q0 = bodies(st, "Rec", 0);
            assertEquals(15, q0.size());
            assertTrue(q0.get(14).startsWith("payload-28-"));
            PutResult next = put(st, message("Rec", 0, "after restart"));
            assertEquals(15, next.queueOffset());
            assertEquals(before.get(29).nextOffset(), next.physicalOffset());
            try (QueryResult q = st.queryMessage("Rec", "key-7", 5, 0, Long.MAX_VALUE)) {
                assertEquals(1, q.messages().size());
                assertEquals(before.get(7).physicalOffset(), q.messages().get(0).physicalOffset());
            }
        } finally {
            st.close();
        }
    }

    @Test
    void aDamagedTailIsCutAtTheLastValidEntryAndConsumeQueuesAgree() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        List<PutResult> puts = fill(st, 40);
        st.close();
        PutResult victim = puts.get(35);
        damage(victim.physicalOffset(), victim.wroteBytes() - 220, (byte) 0x5A); // a body byte: only the CRC sees it
        markCrashed();

        st = fx.open();
        try {
            assertEquals(victim.physicalOffset(), st.maxPhyOffset(), "recovery stops before the damaged entry");
            List<String> q1 = bodies(st, "Rec", 1);
            List<String> q0 = bodies(st, "Rec", 0);
            assertEquals(18, q0.size(), "entries 0,2,..,34 survive in queue 0");
            assertEquals(17, q1.size(), "entries 1,3,..,33 survive in queue 1");
            assertTrue(q1.get(16).startsWith("payload-33-"));
            assertEquals(17, st.maxOffsetInQueue("Rec", 1));
            assertEquals(0, st.queryMessage("Rec", "key-37", 5, 0, Long.MAX_VALUE).messages().size(),
                    "index hits past the cut are not served");
            PutResult next = put(st, message("Rec", 1, "replacement"));
            assertEquals(17, next.queueOffset(), "queue offsets continue from the surviving entries");
            assertEquals(victim.physicalOffset(), next.physicalOffset());
            StoreFixture.awaitDispatched(st);
            assertEquals("replacement", bodies(st, "Rec", 1).get(17));
        } finally {
            st.close();
        }
    }

    @Test
    void aTornHeaderAndZeroedTailAreCutToo() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        List<PutResult> puts = fill(st, 12);
        st.close();
        PutResult last = puts.get(11);
        for (int i = 10; i < last.wroteBytes(); i++) {
            damage(last.physicalOffset(), i, (byte) 0); // only the first 10 bytes reached the disk
        }
        damage(puts.get(10).physicalOffset(), 4, (byte) 0x01); // and the one before has a broken magic
        markCrashed();
        st = fx.open();
        try {
            assertEquals(puts.get(10).physicalOffset(), st.maxPhyOffset());
            assertEquals(5, st.maxOffsetInQueue("Rec", 0));
            assertEquals(5, st.maxOffsetInQueue("Rec", 1));
        } finally {
            st.close();
        }
        st = fx.open();
        try {
            assertEquals(puts.get(10).physicalOffset(), st.maxPhyOffset(), "the cut is permanent: zeroed, not resurrected");
        } finally {
            st.close();
        }
    }

    @Test
    void lostConsumeQueuesAreRebuiltFromTheCommitLogAfterACrash() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        List<PutResult> puts = fill(st, 25);
        st.close();
        try (Stream<Path> s = Files.walk(dir.resolve("consumequeue"))) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Checkpoint cp = Checkpoint.open(dir.resolve("checkpoint"));
        cp.dispatchedPhyOffset(0);
        cp.logicsMsgTimestamp(0);
        cp.close();
        markCrashed();
        st = fx.open();
        try {
            assertEquals(13, st.maxOffsetInQueue("Rec", 0));
            assertEquals(12, st.maxOffsetInQueue("Rec", 1));
            assertEquals(13, bodies(st, "Rec", 0).size());
            try (QueryResult q = st.queryMessage("Rec", "U24", 5, 0, Long.MAX_VALUE)) {
                assertEquals(puts.get(24).physicalOffset(), q.messages().get(0).physicalOffset());
            }
        } finally {
            st.close();
        }
    }

    @Test
    void aSecondStoreOnTheSameFolderIsRefusedNamingIt() {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, fx::open);
            assertTrue(e.getMessage().contains("store already in use"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        } finally {
            st.close();
        }
        fx.open().close();
    }
}
