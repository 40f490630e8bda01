package io.comet.store.internal;

import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link CrashTest} kills: opens the store (recovering after the previous kill), then appends from
 * several threads, one message at a time per thread, and prints {@code ACK run thread seq} to stdout after each
 * append completed with PUT_OK. Runs until killed.
 *
 * <p>Usage: {@code CrashChild <dir> <SYNC_FLUSH|ASYNC_FLUSH> <threads> <run>}
 */
public final class CrashChild {
    static final String TOPIC = "Crash";
    static final long ASYNC_FLUSH_INTERVAL_MS = 200;

    private CrashChild() {}

    static StoreSettings settings(Path dir, String flushType) {
        return StoreSettings.builder().storePathRootDir(dir).mappedFileSizeCommitLog(256 * 1024)
                .mappedFileSizeConsumeQueue(20 * 2000).maxHashSlotNum(4096).maxIndexNum(20_000)
                .flushIntervalConsumeQueue(100).flushDiskType(flushType).build();
    }

    /** Deterministic body of a message: its id then filler whose length and bytes depend on the id. */
    static String body(int run, int thread, int seq) {
        String id = "r" + run + "-t" + thread + "-" + seq;
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
        StoreSettings s = settings(dir, type);
        DefaultMessageStore st = new DefaultMessageStore(s, Clock.systemUTC(), DiskUsageProbe.FILE_SYSTEM);
        st.useFlushPolicy(type.equals(StoreSettings.SYNC_FLUSH) ? new TestPolicies.GroupCommit()
                : new TestPolicies.Interval(ASYNC_FLUSH_INTERVAL_MS), type);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.US_ASCII);
        synchronized (out) {
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
                    try {
                        PutResult r = st.putMessage(m).get(30, TimeUnit.SECONDS);
                        if (r.status() != PutStatus.PUT_OK) {
                            System.err.println("append " + key + " answered " + r.status());
                            continue;
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                        return;
                    }
                    synchronized (out) {
                        out.println("ACK " + run + " " + tt + " " + seq);
                        out.flush();
                    }
                }
            }, "appender-" + t);
            w.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
