package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageCodec;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.PutResult;
import io.comet.store.StoreSettings;
import io.comet.store.StoredSlice;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReplicationRoomTest {
    @TempDir
    Path masterDir;
    @TempDir
    Path slaveDir;

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

    /** Copies the master's commit log to the slave in chunks of {@code chunk} bytes (ending mid-entry). */
    private static void copy(DefaultMessageStore master, DefaultMessageStore slave, int chunk) {
        long at = slave.maxPhyOffset();
        while (at < master.maxPhyOffset()) {
            StoredSlice s = master.readCommitLog(at, chunk).orElseThrow();
            slave.appendRaw(at, s.buffer().duplicate());
            at += s.size();
            s.release();
        }
    }

    @Test
    void aSlaveCopyingRawBytesBuildsTheSameQueuesAndCanTakeOver() throws Exception {
        StoreFixture mf = new StoreFixture(masterDir);
        StoreFixture sf = new StoreFixture(slaveDir);
        DefaultMessageStore master = mf.open();
        DefaultMessageStore slave = sf.open();
        try {
            for (int i = 0; i < 40; i++) {
                put(master, message("Rep", i % 3, "m" + i + "-" + "x".repeat(300), null, "key" + i, null));
            }
            copy(master, slave, 777);
            assertEquals(master.maxPhyOffset(), slave.maxPhyOffset());
            StoreFixture.awaitDispatched(slave);
            StoreFixture.awaitDispatched(master);
            for (int q = 0; q < 3; q++) {
                assertEquals(bodies(master, "Rep", q), bodies(slave, "Rep", q), "queue " + q);
            }
            assertEquals(1, slave.queryMessage("Rep", "key17", 5, 0, Long.MAX_VALUE).messages().size());

            assertThrows(IllegalArgumentException.class, () -> slave.appendRaw(5, ByteBuffer.allocate(3)),
                    "raw bytes must continue at the end");

            PutResult promoted = put(slave, message("Rep", 1, "written by the promoted slave"));
            assertEquals(master.maxOffsetInQueue("Rep", 1), promoted.queueOffset(),
                    "queue offsets continue after the copied entries");
        } finally {
            master.close();
            slave.close();
        }
    }

    @Test
    void truncationDropsTheTailFromCommitLogQueuesAndIndex() throws Exception {
        StoreFixture fx = new StoreFixture(masterDir);
        DefaultMessageStore st = fx.open();
        try {
            List<PutResult> puts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                puts.add(put(st, message("Tr", 0, "m" + i, null, "key" + i, null)));
            }
            StoreFixture.awaitDispatched(st);
            long cut = puts.get(20).physicalOffset();
            st.truncateTo(cut);
            assertEquals(cut, st.maxPhyOffset());
            assertEquals(20, st.maxOffsetInQueue("Tr", 0));
            assertEquals(0, st.queryMessage("Tr", "key25", 5, 0, Long.MAX_VALUE).messages().size());
            assertTrue(st.lookupMessage(puts.get(25).physicalOffset()).isEmpty());
            PutResult next = put(st, message("Tr", 0, "new-20", null, "key-new", null));
            assertEquals(20, next.queueOffset());
            assertEquals(cut, next.physicalOffset());
            StoreFixture.awaitDispatched(st);
            List<String> all = bodies(st, "Tr", 0);
            assertEquals(21, all.size());
            assertEquals("new-20", all.get(20));
            assertEquals(1, st.queryMessage("Tr", "key-new", 5, 0, Long.MAX_VALUE).messages().size());
        } finally {
            st.close();
        }
        st = fx.open();
        try {
            assertEquals(21, bodies(st, "Tr", 0).size(), "truncated entries stay gone after a restart");
        } finally {
            st.close();
        }
    }

    @Test
    void dispatchAndReadsStopAtTheConfirmedOffset() throws Exception {
        StoreFixture fx = new StoreFixture(masterDir);
        DefaultMessageStore st = fx.open();
        try {
            List<PutResult> puts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                puts.add(put(st, message("Cf", 0, "m" + i)));
            }
            StoreFixture.awaitDispatched(st);
            st.confirmOffset(puts.get(2).nextOffset());
            for (int i = 5; i < 10; i++) {
                puts.add(put(st, message("Cf", 0, "m" + i)));
            }
            Thread.sleep(50);
            assertEquals(5, st.maxOffsetInQueue("Cf", 0), "nothing past the confirm offset is dispatched");
            try (GetResult r = st.getMessages("g", "Cf", 0, 0, 32, 1 << 20, null)) {
                assertEquals(3, r.messages().size(), "entries 3 and 4 were dispatched before but are not confirmed");
            }
            assertTrue(st.lookupMessage(puts.get(7).physicalOffset()).isEmpty());
            st.confirmOffset(puts.get(8).nextOffset());
            StoreFixture.awaitDispatched(st);
            assertEquals(9, st.maxOffsetInQueue("Cf", 0));
            st.confirmOffset(-1);
            StoreFixture.awaitDispatched(st);
            assertEquals(10, st.maxOffsetInQueue("Cf", 0), "back to following the commit-log end");
        } finally {
            st.close();
        }
    }

    @Test
    void underSyncFlushRawCopiesAreForcedAndMoveTheCheckpointTime() throws Exception {
        StoreFixture mf = new StoreFixture(masterDir);
        StoreFixture sf = new StoreFixture(slaveDir);
        DefaultMessageStore master = mf.open();
        DefaultMessageStore slave = sf.open(sf.settings().flushDiskType(StoreSettings.SYNC_FLUSH).build());
        TestPolicies.GroupCommit sync = new TestPolicies.GroupCommit();
        slave.useFlushPolicy(sync, StoreSettings.SYNC_FLUSH);
        long lastStored = 0;
        try {
            for (int i = 0; i < 20; i++) {
                mf.clock.advance(1000);
                lastStored = put(master, message("Raw", 0, "m" + i + "-" + "y".repeat(200))).storeTimestamp();
            }
            copy(master, slave, 1000);
            long end = master.maxPhyOffset();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (slave.storeStatus().flushedOffset() < end && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(end, slave.storeStatus().flushedOffset(), "copied bytes forced with no append waiting");
            assertTrue(sync.forces > 0);
            assertEquals(lastStored, slave.commitLog().flushedStoreTimestamp(),
                    "the checkpoint's commit-log time is the store time of the newest forced copy");
        } finally {
            master.close();
            slave.close();
        }
        Checkpoint cp = Checkpoint.open(slaveDir.resolve("checkpoint"));
        try {
            assertEquals(lastStored, cp.physicMsgTimestamp());
        } finally {
            cp.close();
        }
    }
}
