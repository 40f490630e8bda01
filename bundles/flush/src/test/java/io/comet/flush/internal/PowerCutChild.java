package io.comet.flush.internal;

import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link PowerCutCrashTest} kills: opens the store (recovering after the previous kill) with the real
 * {@link SyncFlushPolicy} or {@link AsyncFlushPolicy}, then appends from several threads, one message at a time per
 * thread. Prints to stdout, in this order for any one message: {@code FORCED offset} after every force of the
 * commit log (the offset below which the force put everything on disk; once at start for the recovered end), then
 * {@code ACK run thread seq endOffset} after the append completed with PUT_OK. Runs until killed.
 *
 * <p>Usage: {@code PowerCutChild <dir> <SYNC_FLUSH|ASYNC_FLUSH> <threads> <run>}
 */
public final class PowerCutChild {
    static final String TOPIC = "Crash";
    static final int ASYNC_FLUSH_INTERVAL_MS = 200;

    private PowerCutChild() {}

    static StoreSettings settings(Path dir, String flushType) {
        return StoreSettings.builder().storePathRootDir(dir).mappedFileSizeCommitLog(256 * 1024)
                .mappedFileSizeConsumeQueue(20 * 2000).maxHashSlotNum(4096).maxIndexNum(20_000)
                .flushIntervalConsumeQueue(100).flushDiskType(flushType).build();
    }

    static FlushSettings flushSettings() {
        return new FlushSettings(10_000, ASYNC_FLUSH_INTERVAL_MS, 0, 1000, true, false);
    }

    /** Deterministic body of a message: its id then filler whose length and bytes depend on the id. */
    static String body(int run, int thread, int seq) {
        String id = key(run, thread, seq);
        int len = 40 + Math.floorMod((id.hashCode() * 31), 1500);
        StringBuilder b = new StringBuilder(id).append('|');
        char c = (char) ('a' + Math.floorMod(id.hashCode(), 26));
        while (b.length() < len) {
            b.append(c);
        }
        return b.toString();
    }

    static String key(int run, int thread, int seq) {
        return "r" + run + "-t" + thread + "-" + seq;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String type = args[1];
        int threads = Integer.parseInt(args[2]);
        int run = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        DefaultMessageStore st = DefaultMessageStore.open(settings(dir, type));
        FlushPolicy real = type.equals(StoreSettings.SYNC_FLUSH) ? new SyncFlushPolicy(flushSettings())
                : new AsyncFlushPolicy(flushSettings());
        st.useFlushPolicy(new Reporting(real, out), type);
        synchronized (out) {
            out.println("FORCED " + st.storeStatus().flushedOffset());
            out.println("READY");
            out.flush();
        }
        InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
        for (int t = 0; t < threads; t++) {
            int tt = t;
            Thread w = new Thread(() -> {
                for (int seq = 0; ; seq++) {
                    String key = key(run, tt, seq);
                    String props = MessageProperties.KEYS + '\u0001' + key + '\u0002' + MessageProperties.UNIQ_KEY + '\u0001'
                            + "U" + key + '\u0002' + MessageProperties.TAGS + '\u0001' + "t" + tt + '\u0002';
                    MessageRecord m = new MessageRecord(TOPIC, tt, 0, body(run, tt, seq).getBytes(StandardCharsets.UTF_8),
                            props, 0, System.currentTimeMillis(), host, host, 0, 0);
                    PutResult r;
                    try {
                        r = st.putMessage(m).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        e.printStackTrace();
                        return;
                    }
                    if (r.status() != PutStatus.PUT_OK) {
                        System.err.println("append " + key + " answered " + r.status());
                        continue;
                    }
                    synchronized (out) {
                        out.println("ACK " + run + " " + tt + " " + seq + " " + r.nextOffset());
                        out.flush();
                    }
                }
            }, "appender-" + t);
            w.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Passes the policy a target that reports, after each force, the offset everything below is on disk. */
    private static final class Reporting implements FlushPolicy {
        private final FlushPolicy policy;
        private final PrintStream out;

        Reporting(FlushPolicy policy, PrintStream out) {
            this.policy = policy;
            this.out = out;
        }

        @Override
        public void attach(FlushTarget target) {
            policy.attach(new FlushTarget() {
                // what the policy sees as flushed moves only after the report, so no ACK can precede its FORCED
                private volatile long reported = target.flushedOffset();

                @Override
                public long flush(int leastPages) {
                    long flushed = target.flush(leastPages); // throws when the force failed: nothing reported
                    synchronized (out) {
                        out.println("FORCED " + flushed);
                        out.flush();
                    }
                    reported = flushed;
                    return flushed;
                }

                @Override
                public long flushedOffset() { return reported; }

                @Override
                public long writtenOffset() { return target.writtenOffset(); }

                @Override
                public void flushedUpTo(long storeTimestamp) { target.flushedUpTo(storeTimestamp); }
            });
        }

        @Override
        public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
            return policy.onAppended(nextOffset, waitStoreOk);
        }

        @Override
        public void handOver(FlushPolicy successor) {
            policy.handOver(successor);
        }
    }
}
