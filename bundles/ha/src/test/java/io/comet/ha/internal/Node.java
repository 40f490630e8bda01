package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.comet.common.MessageCodec;
import io.comet.common.MessageRecord;
import io.comet.ha.HaRole;
import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import io.comet.store.StoredSlice;
import io.comet.store.internal.DefaultMessageStore;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A store in a temp folder (small files) with an HA service on 127.0.0.1, for tests. */
final class Node implements AutoCloseable {
    static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    final Path dir;
    final DefaultMessageStore store;
    DefaultHaService ha;

    private Node(Path dir) {
        this.dir = dir;
        this.store = DefaultMessageStore.open(StoreSettings.builder().storePathRootDir(dir)
                .mappedFileSizeCommitLog(16 * 1024).mappedFileSizeConsumeQueue(20 * 200).maxHashSlotNum(256)
                .maxIndexNum(2000).flushIntervalConsumeQueue(50).cleanResourceInterval(3_600_000).build());
        store.useFlushPolicy(new Immediate(), StoreSettings.ASYNC_FLUSH);
    }

    /** A master on a free 127.0.0.1 port. */
    static Node master(Path dir, HaRole role) {
        return start(dir, settings(role, null));
    }

    /** A slave following {@code master}. */
    static Node slave(Path dir, Node master) {
        return start(dir, settings(HaRole.SLAVE, master.haAddress()));
    }

    /** A store without an HA service (an HA component in a framework will use it). */
    static Node storeOnly(Path dir) {
        return new Node(dir);
    }

    static Node start(Path dir, HaSettings s) {
        Node n = new Node(dir);
        n.ha = new DefaultHaService(n.store, s, "127.0.0.1");
        return n;
    }

    static HaSettings settings(HaRole role, String masterAddress) {
        return new HaSettings(role, 0, masterAddress, 200, 20_000, 32 * 1024, 256L << 20, 10_000, 1);
    }

    String haAddress() {
        InetSocketAddress a = ha.listenAddress();
        return "127.0.0.1:" + a.getPort();
    }

    static MessageRecord message(String topic, int queueId, String body) {
        return new MessageRecord(topic, queueId, 0, body.getBytes(StandardCharsets.UTF_8), "", 0, 1_767_225_600_000L,
                new InetSocketAddress("127.0.0.1", 5555), HOST, 0, 0);
    }

    PutResult put(String topic, int queueId, String body) {
        try {
            PutResult r = store.putMessage(message(topic, queueId, body)).get(10, TimeUnit.SECONDS);
            assertEquals(PutStatus.PUT_OK, r.status());
            return r;
        } catch (Exception e) {
            throw new AssertionError("append did not complete", e);
        }
    }

    /** Append then replication, as the broker's send path combines them. */
    CompletableFuture<PutStatus> send(String topic, int queueId, String body) {
        return store.putMessage(message(topic, queueId, body))
                .thenCompose(r -> r.status().isStored() ? ha.awaitReplicated(r.nextOffset())
                        : CompletableFuture.completedFuture(r.status()));
    }

    /** Every commit-log byte from the first retained offset to the end. */
    byte[] commitLog() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long at = store.minPhyOffset();
        while (at < store.maxPhyOffset()) {
            StoredSlice s = store.readCommitLog(at, 1 << 20).orElseThrow();
            byte[] b = new byte[s.size()];
            s.buffer().duplicate().get(b);
            out.writeBytes(b);
            at += s.size();
            s.release();
        }
        return out.toByteArray();
    }

    /** "queueOffset:body" of every message of a queue, in order. */
    List<String> queue(String topic, int queueId) {
        List<String> out = new ArrayList<>();
        long off = store.minOffsetInQueue(topic, queueId);
        while (true) {
            try (GetResult r = store.getMessages("g", topic, queueId, off, 64, 1 << 20, null)) {
                if (r.status() != GetStatus.FOUND) {
                    return out;
                }
                for (StoredSlice s : r.messages()) {
                    out.add(s.queueOffset() + ":" + new String(MessageCodec.decode(s.buffer(), 0, true).body(),
                            StandardCharsets.UTF_8));
                }
                off = r.nextBeginOffset();
            }
        }
    }

    void awaitDispatched() throws InterruptedException {
        if (!store.awaitDispatched(10_000)) {
            fail("dispatch did not catch up in " + dir);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Waits until {@code slave}'s log ends where {@code master}'s does. */
    static void awaitCaughtUp(Node master, Node slave) throws InterruptedException {
        await("the slave to reach " + master.store.maxPhyOffset(),
                () -> slave.store.maxPhyOffset() == master.store.maxPhyOffset());
    }

    @Override
    public void close() {
        if (ha != null) {
            ha.close();
        }
        store.close();
    }

    /** ASYNC_FLUSH-like: acknowledges at once, flushes when handed over. */
    static final class Immediate implements FlushPolicy {
        private volatile FlushTarget target;
        private volatile FlushPolicy successor;

        @Override
        public void attach(FlushTarget t) {
            target = t;
        }

        @Override
        public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
            FlushPolicy s = successor;
            return s != null ? s.onAppended(nextOffset, waitStoreOk) : CompletableFuture.completedFuture(PutStatus.PUT_OK);
        }

        @Override
        public void handOver(FlushPolicy next) {
            if (next == null) {
                target.flush(0);
            }
            successor = next;
        }
    }

    static ByteBuffer bytes(byte[] b) {
        return ByteBuffer.wrap(b);
    }
}
