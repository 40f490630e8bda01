package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fsync semantics on Linux: after a failed force the kernel may have dropped the dirty pages, so a later force that
 * "succeeds" proves nothing. The store never counts anything as flushed again and refuses appends.
 */
@Timeout(60)
class ForceFailureTest {
    @TempDir
    Path dir;

    @Test
    void afterAFailedForceNothingCountsAsFlushedAgainAndAppendsAreRefused() throws Exception {
        StoreFixture fx = new StoreFixture(dir);
        DefaultMessageStore st = fx.open();
        st.useFlushPolicy(new TestPolicies.Interval(3_600_000), StoreSettings.ASYNC_FLUSH);
        try {
            put(st, message("F", 0, "before"));
            long flushedBefore = st.storeStatus().flushedOffset();
            AtomicInteger failures = new AtomicInteger();
            st.commitLog().files().forcer((buf, from, len) -> {
                failures.incrementAndGet();
                throw new UncheckedIOException(new java.io.IOException("simulated EIO"));
            });
            assertThrows(UncheckedIOException.class, () -> st.commitLog().flush(0));
            st.commitLog().files().forcer(MappedFile.Forcer.DISK); // the disk "works" again
            assertThrows(IllegalStateException.class, () -> st.commitLog().flush(0), "a retry is not trusted");
            assertEquals(1, failures.get());
            assertEquals(flushedBefore, st.storeStatus().flushedOffset(), "nothing counts as flushed");
            assertFalse(st.storeStatus().writeable());
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put(st, message("F", 0, "after")).status());
            assertTrue(st.maxPhyOffset() > flushedBefore);
        } finally {
            st.close(); // completes despite the failed final flush
        }
    }
}
