package io.comet.itest.paxexam;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.comet.common.MessageCodec;
import io.comet.common.MessageRecord;
import io.comet.common.StoredMessage;
import io.comet.config.ConfigService;
import io.comet.store.GetResult;
import io.comet.store.MessageStore;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The store and flush bundles from the distribution's broker feature: {@code flushDiskType} is switched back and
 * forth through the node's configuration service while appends run. No append fails, every appended message is
 * readable afterwards with its content and in order, appends that completed while SYNC_FLUSH was steadily in force
 * were on disk when they completed, and nothing was restarted (same store service, same bundles).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreFlushSwitchTest {
    private static final Path WORK = tempDir();
    private static final Path CONFIG = WORK.resolve("broker.conf");
    private static final String TOPIC = "SwitchTopic";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigService config;

    @Configuration
    public Option[] config() throws IOException {
        if (!Files.exists(CONFIG)) {
            Files.writeString(CONFIG, "storePathRootDir=" + WORK.resolve("store") + "\n"
                    + "mappedFileSizeCommitLog=1048576\nflushDiskType=ASYNC_FLUSH\n", StandardCharsets.ISO_8859_1);
        }
        List<Option> options = new ArrayList<>(DistributionBundles.of("broker",
                name -> name.startsWith("comet-store") || name.startsWith("comet-flush")));
        options.add(systemProperty("comet.role").value("broker"));
        options.add(systemProperty("comet.config.file").value(CONFIG.toString()));
        options.add(systemProperty("comet.logs.dir").value(WORK.resolve("logs").toString()));
        options.add(systemProperty("gosh.args").value("--nointeractive"));
        return options(options.toArray(new Option[0]));
    }

    @Test
    public void flushModeSwitchesUnderLoadLoseNothingAndRestartNothing() throws Exception {
        ServiceTracker<MessageStore, MessageStore> tracker = new ServiceTracker<>(context, MessageStore.class, null);
        tracker.open();
        MessageStore store = tracker.waitForService(30_000);
        assertNotNull("the store service is up", store);
        ServiceReference<MessageStore> ref = tracker.getServiceReference();
        Object storeServiceId = ref.getProperty("service.id");
        Map<Long, String> bundlesBefore = bundleStates();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<CompletableFuture<PutResult>> futures = new ConcurrentLinkedQueue<>();
        AtomicInteger syncChecked = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int queue = w;
            Thread t = new Thread(() -> {
                long seq = 0;
                while (running.get()) {
                    byte[] body = ("q" + queue + "-" + seq++).getBytes(StandardCharsets.UTF_8);
                    String before = store.storeStatus().flushPolicy();
                    CompletableFuture<PutResult> f = store.putMessage(MessageRecord.of(TOPIC, queue, body, ""));
                    futures.add(f);
                    sent.incrementAndGet();
                    f.whenComplete((r, e) -> {
                        if (e != null || r.status() != PutStatus.PUT_OK) {
                            problems.add("append failed: " + (e != null ? e : r.status()));
                            return;
                        }
                        String after = store.storeStatus().flushPolicy();
                        // SYNC_FLUSH throughout the append's life: it may only complete once flushed.
                        if ("SYNC_FLUSH".equals(before) && "SYNC_FLUSH".equals(after)) {
                            syncChecked.incrementAndGet();
                            long flushed = store.storeStatus().flushedOffset();
                            if (flushed < r.nextOffset()) {
                                problems.add("SYNC_FLUSH ack before flush: flushed " + flushed + " < " + r.nextOffset());
                            }
                        }
                    });
                    if (seq % 64 == 0) {
                        Thread.onSpinWait();
                    }
                }
            }, "appender-" + w);
            t.start();
            writers.add(t);
        }

        for (int i = 0; i < 16; i++) {
            String mode = i % 2 == 0 ? "SYNC_FLUSH" : "ASYNC_FLUSH";
            config.update(Map.of("flushDiskType", mode), "pax-exam test");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!mode.equals(store.storeStatus().flushPolicy()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals("switch " + i + " took effect", mode, store.storeStatus().flushPolicy());
            Thread.sleep(150);
        }
        running.set(false);
        for (Thread t : writers) {
            t.join(10_000);
        }
        for (CompletableFuture<PutResult> f : futures) {
            f.get(15, TimeUnit.SECONDS);
        }
        assertTrue("problems: " + problems, problems.isEmpty());
        assertTrue("some appends ran under steady SYNC_FLUSH", syncChecked.get() > 0);

        int total = 0;
        for (int queue = 0; queue < 3; queue++) {
            total += verifyQueue(store, queue);
        }
        assertEquals("every appended message is readable", sent.get(), total);
        assertEquals("the store was not restarted", storeServiceId, tracker.getServiceReference().getProperty("service.id"));
        assertEquals("no bundle was restarted", bundlesBefore, bundleStates());
        tracker.close();
    }

    /** Reads a queue from 0: bodies are the writer's sequence, gap-free and in order. Returns the count. */
    private static int verifyQueue(MessageStore store, int queue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (store.storeStatus().dispatchedOffset() < store.maxPhyOffset() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long offset = 0;
        long max = store.maxOffsetInQueue(TOPIC, queue);
        while (offset < max) {
            try (GetResult r = store.getMessages("g", TOPIC, queue, offset, 256, 4 << 20, TagFilter.ALL)) {
                assertTrue("messages at offset " + offset + " of queue " + queue + ": " + r.status(), !r.messages().isEmpty());
                for (StoredSlice s : r.messages()) {
                    StoredMessage m = MessageCodec.decode(s.buffer().duplicate(), true);
                    assertArrayEquals(("q" + queue + "-" + offset).getBytes(StandardCharsets.UTF_8), m.body());
                    assertEquals(offset, m.queueOffset());
                    offset++;
                }
            }
        }
        return (int) offset;
    }

    private Map<Long, String> bundleStates() {
        Map<Long, String> m = new java.util.TreeMap<>();
        for (Bundle b : context.getBundles()) {
            m.put(b.getBundleId(), b.getSymbolicName() + "@" + b.getState() + "@" + b.getLastModified());
        }
        return m;
    }

    private static Path tempDir() {
        return TestWork.create("comet-paxexam-store");
    }
}
