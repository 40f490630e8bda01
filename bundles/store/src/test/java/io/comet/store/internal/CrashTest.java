package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.comet.common.MessageCodec;
import io.comet.common.StoredMessage;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.QueryResult;
import io.comet.store.StoreSettings;
import io.comet.store.StoredSlice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashChild}) that appends from several threads with SIGKILL at random moments, many
 * times, and checks after each restart: (a) SYNC_FLUSH: every acknowledged message is present, intact (body CRC,
 * expected content) and in order; (b) ASYNC_FLUSH: what survives is a gap-free prefix per producer, and the loss
 * against the acknowledgements is printed; (c) consume queues and index agree with the commit log. Every third
 * restart is left to the next child, so recovery after a crash of a store that itself recovered from a crash is
 * covered too. Note: kill -9 keeps the page cache, so even ASYNC_FLUSH normally loses nothing here; a power cut
 * would lose up to one flush interval.
 */
@Timeout(150)
class CrashTest {
    private static final int THREADS = 3;

    @TempDir
    Path dir;

    /** Highest acknowledged seq per "run-thread". */
    private final Map<String, Integer> acked = new ConcurrentHashMap<>();

    @Test
    void syncFlushKeepsEveryAcknowledgedMessageAcrossKills() throws Exception {
        long lost = killLoop(StoreSettings.SYNC_FLUSH, 8, new Random(Long.getLong("crash.seed", System.nanoTime())));
        assertEquals(0, lost, "SYNC_FLUSH must not lose an acknowledged message");
    }

    @Test
    void asyncFlushKeepsAConsistentPrefixAcrossKills() throws Exception {
        long lost = killLoop(StoreSettings.ASYNC_FLUSH, 7, new Random(Long.getLong("crash.seed", System.nanoTime())));
        System.out.println("ASYNC_FLUSH crash test: " + lost + " acknowledged messages lost in total (flush interval "
                + CrashChild.ASYNC_FLUSH_INTERVAL_MS + " ms; kill -9 keeps the page cache, so 0 is expected here -"
                + " a power cut could lose up to one interval)");
    }

    private long killLoop(String type, int kills, Random random) throws Exception {
        long totalLost = 0;
        int totalAcked = 0;
        for (int run = 0; run < kills; run++) {
            int before = acked.values().stream().mapToInt(v -> v + 1).sum();
            runAndKill(type, run, random);
            int now = acked.values().stream().mapToInt(v -> v + 1).sum();
            totalAcked = now;
            boolean lastRun = run == kills - 1;
            if (run % 3 == 1 && !lastRun) {
                System.out.println(type + " run " + run + ": " + (now - before) + " acks; next child recovers this crash itself");
                continue;
            }
            long lost = verify(type, run);
            totalLost += lost;
            System.out.println(type + " run " + run + ": " + (now - before) + " acks, " + lost + " acknowledged lost");
        }
        assertTrue(totalAcked > kills * 5, "children acknowledged too few appends to prove anything: " + totalAcked);
        return totalLost;
    }

    private void runAndKill(String type, int run, Random random) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(), type,
                Integer.toString(THREADS), Integer.toString(run));
        Path err = dir.resolve("child-logs").resolve(type + "-" + run + ".err");
        Files.createDirectories(err.getParent());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("ACK ")) {
                        String[] f = line.split(" ");
                        acked.merge(f[1] + "-" + f[2], Integer.parseInt(f[3]), Math::max);
                    }
                }
            } catch (IOException ignored) {
                // the child died
            }
        }, "crash-child-reader");
        reader.start();
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                fail("child did not start: " + Files.readString(err));
            }
            Thread.sleep(150 + random.nextInt(600));
        } finally {
            p.destroyForcibly();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                fail("killed child did not exit");
            }
            reader.join(10_000);
        }
    }

    /** Opens (recovers) the store and checks it; returns how many acknowledged messages are missing. */
    private long verify(String type, int lastRun) {
        DefaultMessageStore st = new DefaultMessageStore(CrashChild.settings(dir, type), Clock.systemUTC(), d -> 0.1);
        try {
            Map<String, Integer> present = new HashMap<>();
            Map<Integer, List<Long>> cqPhys = new HashMap<>();
            for (int t = 0; t < THREADS; t++) {
                List<Long> phys = new ArrayList<>();
                cqPhys.put(t, phys);
                long off = st.minOffsetInQueue(CrashChild.TOPIC, t);
                while (true) {
                    try (GetResult r = st.getMessages("check", CrashChild.TOPIC, t, off, 64, 1 << 20, null)) {
                        if (r.status() != GetStatus.FOUND) {
                            break;
                        }
                        for (StoredSlice s : r.messages()) {
                            StoredMessage m = MessageCodec.decode(s.buffer(), 0, true);
                            assertEquals(s.queueOffset(), m.queueOffset(), "queue offset stored in the entry");
                            assertEquals(s.physicalOffset(), m.physicalOffset());
                            String b = new String(m.body(), StandardCharsets.UTF_8);
                            String id = b.substring(0, b.indexOf('|'));
                            String[] f = id.substring(1).split("-t|-");
                            int run = Integer.parseInt(f[0]);
                            int thread = Integer.parseInt(f[1]);
                            int seq = Integer.parseInt(f[2]);
                            assertEquals(t, thread);
                            assertEquals(CrashChild.body(run, thread, seq), b, "content intact");
                            String k = run + "-" + thread;
                            int expected = present.getOrDefault(k, -1) + 1;
                            assertEquals(expected, seq, "messages of " + k + " in order without gaps");
                            present.put(k, seq);
                            phys.add(m.physicalOffset());
                        }
                        off = r.nextBeginOffset();
                    }
                }
            }
            checkCommitLogAgrees(st, cqPhys);
            checkIndex(st, present);
            long lost = 0;
            for (Map.Entry<String, Integer> a : acked.entrySet()) {
                int have = present.getOrDefault(a.getKey(), -1);
                if (have < a.getValue()) {
                    lost += a.getValue() - have;
                    if (type.equals(StoreSettings.SYNC_FLUSH)) {
                        fail("SYNC_FLUSH lost acknowledged messages of " + a.getKey() + ": acked up to " + a.getValue()
                                + ", present up to " + have + " (after run " + lastRun + ")");
                    }
                }
            }
            return lost;
        } finally {
            st.close();
        }
    }

    /** Walks the commit log entry by entry: each entry is in its queue's consume queue at its queue offset. */
    private static void checkCommitLogAgrees(DefaultMessageStore st, Map<Integer, List<Long>> cqPhys) {
        Map<Integer, Integer> seen = new HashMap<>();
        int fileSize = st.commitLog().fileSize();
        long at = st.minPhyOffset();
        long end = st.maxPhyOffset();
        while (at < end) {
            var slice = st.lookupMessage(at);
            if (slice.isEmpty()) {
                long next = at - at % fileSize + fileSize;
                assertTrue(next > at && next <= end + fileSize, "only an end-of-file filler may interrupt the log at " + at);
                at = next;
                continue;
            }
            StoredSlice s = slice.get();
            StoredMessage m = MessageCodec.decode(s.buffer(), 0, true);
            int q = m.queueId();
            int n = seen.merge(q, 1, Integer::sum) - 1;
            assertEquals(n, m.queueOffset(), "commit-log entries of queue " + q + " carry consecutive queue offsets");
            assertEquals(at, (long) cqPhys.get(q).get(n), "consume queue " + q + " unit " + n + " points at the entry");
            at += s.size();
            s.release();
        }
        for (Map.Entry<Integer, List<Long>> e : cqPhys.entrySet()) {
            assertEquals(e.getValue().size(), (int) seen.getOrDefault(e.getKey(), 0), "queue " + e.getKey() + " size");
            assertEquals(e.getValue().size(), st.maxOffsetInQueue(CrashChild.TOPIC, e.getKey()));
        }
    }

    /** The newest messages of every producer are found by key and by unique key. */
    private static void checkIndex(DefaultMessageStore st, Map<String, Integer> present) {
        for (Map.Entry<String, Integer> e : present.entrySet()) {
            String[] f = e.getKey().split("-");
            int run = Integer.parseInt(f[0]);
            int thread = Integer.parseInt(f[1]);
            for (int seq = Math.max(0, e.getValue() - 3); seq <= e.getValue(); seq++) {
                String key = CrashChild.key(run, thread, seq);
                try (QueryResult q = st.queryMessage(CrashChild.TOPIC, key, 4, 0, Long.MAX_VALUE)) {
                    assertEquals(1, q.messages().size(), "index finds " + key);
                    StoredMessage m = MessageCodec.decode(q.messages().get(0).buffer(), 0, true);
                    assertEquals(CrashChild.body(run, thread, seq), new String(m.body(), StandardCharsets.UTF_8));
                }
                try (QueryResult q = st.queryMessage(CrashChild.TOPIC, "U" + key, 4, 0, Long.MAX_VALUE)) {
                    assertEquals(1, q.messages().size(), "index finds unique key U" + key);
                }
            }
        }
    }
}
