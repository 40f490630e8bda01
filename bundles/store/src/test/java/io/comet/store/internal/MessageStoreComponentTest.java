package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.comet.store.FlushPolicy;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DS component's policy selection, driven the way SCR calls it. */
@Timeout(30)
class MessageStoreComponentTest {
    @TempDir
    Path dir;

    private Map<String, Object> config(String flushDiskType) {
        Map<String, Object> c = new HashMap<>();
        c.put("storePathRootDir", dir.toString());
        c.put("mappedFileSizeCommitLog", 65536);
        c.put("maxHashSlotNum", 64);
        c.put("maxIndexNum", 256);
        c.put("flushDiskType", flushDiskType);
        c.put("syncFlushTimeout", 5000);
        return c;
    }

    private static Map<String, Object> props(String type) {
        return Map.of(FlushPolicy.TYPE, type);
    }

    @Test
    void theConfiguredTypeIsInForceAndAConfigChangeSwapsIt() throws Exception {
        MessageStoreComponent c = new MessageStoreComponent();
        TestPolicies.Immediate async = new TestPolicies.Immediate();
        TestPolicies.GroupCommit sync = new TestPolicies.GroupCommit();
        c.bindFlushPolicy(async, props("ASYNC_FLUSH"));
        c.bindFlushPolicy(sync, props("SYNC_FLUSH"));
        c.activate(config("SYNC_FLUSH"));
        try {
            assertEquals("SYNC_FLUSH", c.storeStatus().flushPolicy());
            assertEquals(PutStatus.PUT_OK, c.putMessage(message("C", 0, "a")).get(5, TimeUnit.SECONDS).status());
            long forces = sync.forces;
            c.modified(config("ASYNC_FLUSH"));
            assertEquals("ASYNC_FLUSH", c.storeStatus().flushPolicy());
            assertEquals(PutStatus.PUT_OK, c.putMessage(message("C", 0, "b")).get(5, TimeUnit.SECONDS).status());
            assertEquals(1, async.appended);
            assertEquals(forces, sync.forces, "the handed-over SYNC policy forces no more");
            c.modified(config("SYNC_FLUSH"));
            assertEquals("SYNC_FLUSH", c.storeStatus().flushPolicy());

            c.unbindFlushPolicy(sync, props("SYNC_FLUSH"));
            assertEquals("awaiting SYNC_FLUSH", c.storeStatus().flushPolicy());
            CompletableFuture<PutResult> held = c.putMessage(message("C", 0, "c"));
            Thread.sleep(50);
            assertFalse(held.isDone());
            TestPolicies.GroupCommit sync2 = new TestPolicies.GroupCommit();
            c.bindFlushPolicy(sync2, props("SYNC_FLUSH"));
            assertEquals(PutStatus.PUT_OK, held.get(5, TimeUnit.SECONDS).status());
            assertEquals("store", c.statusName());
            assertEquals("SYNC_FLUSH", c.status().get("flushPolicy"));
        } finally {
            c.deactivate();
        }
    }

    @Test
    void aNewFolderReopensTheStoreThereWithTheSamePolicies() throws Exception {
        MessageStoreComponent c = new MessageStoreComponent();
        TestPolicies.GroupCommit sync = new TestPolicies.GroupCommit();
        c.bindFlushPolicy(sync, props("SYNC_FLUSH"));
        c.activate(config("SYNC_FLUSH"));
        try {
            assertEquals(PutStatus.PUT_OK, c.putMessage(message("Move", 0, "in A")).get(5, TimeUnit.SECONDS).status());
            Map<String, Object> moved = config("SYNC_FLUSH");
            Path b = dir.resolve("b");
            moved.put("storePathRootDir", b.toString());
            c.modified(moved);
            assertFalse(java.nio.file.Files.exists(dir.resolve("abort")), "the old store closed cleanly");
            assertEquals(true, java.nio.file.Files.exists(b.resolve("abort")), "the new one runs in the new folder");
            assertEquals("SYNC_FLUSH", c.storeStatus().flushPolicy());
            PutResult r = c.putMessage(message("Move", 0, "in B")).get(5, TimeUnit.SECONDS);
            assertEquals(PutStatus.PUT_OK, r.status());
            assertEquals(0, r.physicalOffset(), "a fresh commit log");
            assertEquals(0, r.queueOffset());
        } finally {
            c.deactivate();
        }
    }
}
