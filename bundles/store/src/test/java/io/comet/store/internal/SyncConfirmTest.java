package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.store.GetResult;
import io.comet.store.PutResult;
import io.comet.store.StoreSettings;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Under SYNC_FLUSH consumers see only flushed entries; under ASYNC_FLUSH, or with a replication confirm, not so. */
@Timeout(60)
class SyncConfirmTest {
    @TempDir
    Path dir;

    private static int visible(DefaultMessageStore st, String topic) {
        try (GetResult r = st.getMessages("g", topic, 0, 0, 64, 1 << 20, null)) {
            return r.messages().size();
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(2);
        }
    }

    @Test
    void underSyncFlushConsumersSeeOnlyFlushedEntries() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        // acknowledges without forcing and forces only when told to: the written tail stays unflushed
        st.useFlushPolicy(new TestPolicies.Interval(3_600_000), StoreSettings.SYNC_FLUSH);
        try {
            PutResult first = put(st, message("S", 0, "flushed"));
            st.commitLog().flush(0);
            awaitTrue("the flushed entry is dispatched", () -> st.maxOffsetInQueue("S", 0) == 1);
            PutResult second = put(st, message("S", 0, "written only"));
            assertEquals(first.physicalOffset() + first.wroteBytes(), st.confirmOffset(), "confirm = flushed offset");
            Thread.sleep(50);
            assertEquals(1, st.maxOffsetInQueue("S", 0), "the unflushed entry is not dispatched");
            assertEquals(1, visible(st, "S"));
            assertTrue(st.lookupMessage(second.physicalOffset()).isEmpty(), "nor found by offset");
            assertTrue(st.readCommitLog(second.physicalOffset(), 1 << 16).isPresent(),
                    "replication still reads the written tail");

            st.commitLog().flush(0);
            awaitTrue("the force makes the entry visible", () -> visible(st, "S") == 2);
            assertEquals(st.maxPhyOffset(), st.confirmOffset());

            put(st, message("S", 0, "confirmed by replication"));
            st.confirmOffset(st.maxPhyOffset());
            awaitTrue("an explicit confirm offset wins over the flushed one", () -> visible(st, "S") == 3);
        } finally {
            st.close();
        }
    }

    @Test
    void underAsyncFlushConsumersSeeWrittenEntriesBeforeTheFlush() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        st.useFlushPolicy(new TestPolicies.Interval(3_600_000), StoreSettings.ASYNC_FLUSH);
        try {
            put(st, message("A", 0, "written only"));
            LongSupplier flushed = () -> st.storeStatus().flushedOffset();
            assertTrue(flushed.getAsLong() < st.maxPhyOffset());
            assertEquals(st.maxPhyOffset(), st.confirmOffset());
            awaitTrue("dispatched without a flush", () -> visible(st, "A") == 1);
        } finally {
            st.close();
        }
    }
}
