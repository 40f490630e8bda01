package io.comet.config.internal;

import static io.comet.config.internal.SyncFixture.await;
import static io.comet.config.internal.TestAttributes.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.config.ConfigService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * The edit-while-writing-back race (pitfall 8): a user edits the file while ConfigAdmin changes are being
 * written back to it. Many rounds of concurrent file edits (appends, as {@code echo k=v >> broker.conf} does)
 * and ConfigAdmin updates (through {@link ConfigService} and directly), on different keys at the same instant and
 * on the same key a little apart; after each round the file and ConfigAdmin must agree on every key, and each
 * key must hold the newest value written to it, from whichever side.
 */
@Timeout(120)
class WriteBackRaceTest {
    private static final int ROUNDS = 60;
    /** Same-key changes are this far apart, well above the file system's time resolution. */
    private static final long SAME_KEY_GAP_MILLIS = 25;
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final List<String> KEYS = List.of("userKey", "serviceKey", "sharedKey", "directKey",
            "directSharedKey");

    @TempDir
    Path dir;
    private SyncFixture f;
    private FileWatcher watcher;
    private ExecutorService threads;

    @AfterEach
    void close() throws InterruptedException {
        if (threads != null) {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (watcher != null) {
            watcher.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private static KeyCatalog catalog() {
        return KeyCatalog.of(Map.of(
                "comet.a", List.<AttributeDefinition>of(string("userKey", "0"), string("serviceKey", "0"),
                        string("sharedKey", "0")),
                "comet.b", List.<AttributeDefinition>of(string("directKey", "0"), string("directSharedKey", "0"))));
    }

    @Test
    void newestValueOfEveryKeyWinsAndFileAndConfigAdminAgree() throws Exception {
        f = new SyncFixture(dir, "# race\nuserKey=0\nserviceKey=0\n# shared by both sides\nsharedKey=0\n",
                catalog(), null);
        f.sync.load();
        watcher = new FileWatcher(f.file, f.sync::fileMaybeChanged, f.sync.executor(), 10, 100, true);
        ConfigService service = new ConfigServiceImpl(f.sync);
        threads = Executors.newFixedThreadPool(4);

        for (int r = 1; r <= ROUNDS; r++) {
            final int round = r;
            Map<String, String> expected = new LinkedHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Void>> work = new ArrayList<>();
            // different keys, all at the same instant
            work.add(() -> {
                go.await();
                f.append("userKey=stale-" + round + "\n");
                f.append("userKey=user-" + round + "\n"); // file after file: the later line wins
                return null;
            });
            expected.put("userKey", "user-" + round);
            work.add(() -> {
                go.await();
                service.update(Map.of("serviceKey", "service-" + round), "test");
                return null;
            });
            expected.put("serviceKey", "service-" + round);
            work.add(() -> {
                go.await();
                f.admin.set("comet.b", "directKey", "direct-" + round);
                return null;
            });
            expected.put("directKey", "direct-" + round);
            // the same key from both sides, a little apart, in both orders
            boolean fileLast = round % 2 == 0;
            work.add(() -> {
                go.await();
                if (fileLast) {
                    service.update(Map.of("sharedKey", "service-" + round), "test");
                    Thread.sleep(SAME_KEY_GAP_MILLIS);
                    f.append("sharedKey=user-" + round + "\n");
                } else {
                    f.append("sharedKey=user-" + round + "\n");
                    Thread.sleep(SAME_KEY_GAP_MILLIS);
                    service.update(Map.of("sharedKey", "service-" + round), "test");
                }
                return null;
            });
            expected.put("sharedKey", (fileLast ? "user-" : "service-") + round);
            if (round % 3 == 0) {
                // direct ConfigAdmin and the file on one key, each order in turn
                boolean directLast = round % 6 == 0;
                work.add(() -> {
                    go.await();
                    Thread.sleep(SAME_KEY_GAP_MILLIS * 2); // after the other direct write to comet.b
                    if (directLast) {
                        f.append("directSharedKey=user-" + round + "\n");
                        Thread.sleep(SAME_KEY_GAP_MILLIS);
                        f.admin.set("comet.b", "directSharedKey", "direct-" + round);
                    } else {
                        f.admin.set("comet.b", "directSharedKey", "direct-" + round);
                        Thread.sleep(SAME_KEY_GAP_MILLIS);
                        f.append("directSharedKey=user-" + round + "\n");
                    }
                    return null;
                });
                expected.put("directSharedKey", (directLast ? "direct-" : "user-") + round);
            }
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> w : work) {
                futures.add(threads.submit(w));
            }
            go.countDown();
            for (Future<Void> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
            awaitAgreement(round, expected);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(f.file), left.toList(), "no temporary files are left behind");
        }
        System.out.printf("write-back race: %d rounds, %d merges restarted because a side moved under them%n",
                ROUNDS, f.sync.concurrentChanges());
    }

    private void awaitAgreement(int round, Map<String, String> expected) throws Exception {
        Map<String, String> wanted = new LinkedHashMap<>(expected);
        await("round " + round + ": file and ConfigAdmin to agree on " + wanted, SETTLE, () -> {
            try {
                for (Map.Entry<String, String> e : wanted.entrySet()) {
                    String pid = e.getKey().startsWith("direct") ? "comet.b" : "comet.a";
                    if (!e.getValue().equals(f.admin.value(pid, e.getKey()))
                            || !e.getValue().equals(f.fileValue(e.getKey()))) {
                        return false;
                    }
                }
                return true;
            } catch (Exception ex) {
                return false;
            }
        }, () -> describe());
        for (String key : KEYS) {
            String pid = key.startsWith("direct") ? "comet.b" : "comet.a";
            Object inAdmin = f.admin.value(pid, key);
            assertEquals(String.valueOf(inAdmin), f.fileValue(key) == null ? "0" : f.fileValue(key),
                    "round " + round + ": " + key + " differs between file and ConfigAdmin");
        }
        assertTrue(f.sync.lastRejection() == null, "no edit in this test is invalid: " + f.sync.lastRejection());
    }

    private String describe() {
        StringBuilder b = new StringBuilder("\nConfigAdmin / file:\n");
        for (String key : KEYS) {
            String pid = key.startsWith("direct") ? "comet.b" : "comet.a";
            String inFile;
            try {
                inFile = f.fileValue(key);
            } catch (Exception e) {
                inFile = e.toString();
            }
            b.append("  ").append(key).append(" = ").append(f.admin.value(pid, key)).append(" / ").append(inFile)
                    .append('\n');
        }
        try {
            b.append("file:\n").append(f.text());
        } catch (Exception e) {
            b.append(e);
        }
        return b.toString();
    }
}
