package io.comet.store.bench;

import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.store.FlushPolicy;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import io.comet.store.internal.TestPolicies;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Comet's store as a benchmark target: 256 MiB commit-log files, the test flush policies (interval 500 ms / group commit). */
public final class CometTarget implements AppendLoad.Target {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final String PROPS = MessageProperties.TAGS + "\u0001TagA\u0002";
    private final DefaultMessageStore store;

    public CometTarget(Path dir, String flushDiskType) {
        StoreSettings s = StoreSettings.builder().storePathRootDir(dir).mappedFileSizeCommitLog(256 << 20)
                .maxHashSlotNum(500_000).maxIndexNum(2_000_000).flushDiskType(flushDiskType).build();
        store = DefaultMessageStore.open(s);
        FlushPolicy policy = flushDiskType.equals(StoreSettings.SYNC_FLUSH) ? new TestPolicies.GroupCommit()
                : new TestPolicies.Interval(500);
        store.useFlushPolicy(policy, flushDiskType);
    }

    @Override
    public CompletableFuture<Boolean> append(int queueId, byte[] body) {
        MessageRecord m = new MessageRecord("BenchTopic", queueId, 0, body, PROPS, 0, System.currentTimeMillis(), HOST, HOST, 0, 0);
        return store.putMessage(m).thenApply(r -> r.status() == PutStatus.PUT_OK);
    }

    /** Bytes of one stored entry with a body of {@code size}. */
    public long entryBytes(int size) throws Exception {
        return store.putMessage(new MessageRecord("BenchTopic", 0, 0, new byte[size], PROPS, 0, 0, HOST, HOST, 0, 0))
                .get().wroteBytes();
    }

    @Override
    public void close() {
        store.close();
    }
}
