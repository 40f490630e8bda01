package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageRecord;
import io.comet.store.FlushPolicy;
import io.comet.store.MessageStore;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The store bundle in a real framework (Felix, SCR, ConfigAdmin): configured through ConfigAdmin under both PIDs,
 * it registers {@link MessageStore}; changing {@code flushDiskType} in ConfigAdmin while appends run swaps the
 * policy without restarting anything, every append completes PUT_OK, and every append completed by the SYNC
 * policy was covered by a real force. The store API, common model and test policies come from the class path
 * (system bundle exports) so the test can drive them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageStoreInFrameworkTest {
    private static final String[] PLATFORM = {
            "org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
            "org.osgi.service.component.ComponentContext", "org.apache.felix.cm.impl.ConfigurationManager",
            "org.apache.felix.scr.impl.Activator"};

    @TempDir
    Path tmp;
    private Framework framework;
    private BundleContext context;
    private final AtomicInteger policiesMade = new AtomicInteger();

    @BeforeEach
    void boot() throws Exception {
        Map<String, String> config = new TreeMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "io.comet.store;version=0.1.0,io.comet.common;version=0.1.0,"
                + "org.slf4j;version=2.0.17,org.osgi.service.cm;version=1.6.1");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        for (String className : PLATFORM) {
            context.installBundle(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toString()).start();
        }
    }

    @AfterEach
    void shutdown() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private <T extends FlushPolicy> void registerPolicy(String type, Supplier<T> maker) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(FlushPolicy.TYPE, type);
        context.registerService(FlushPolicy.class, new PrototypeServiceFactory<FlushPolicy>() {
            @Override
            public FlushPolicy getService(Bundle bundle, ServiceRegistration<FlushPolicy> registration) {
                policiesMade.incrementAndGet();
                return maker.get();
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<FlushPolicy> registration, FlushPolicy service) {
                // the store handed it over already
            }
        }, props);
    }

    private void configure(String pid, Map<String, Object> values) throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        Configuration c = context.getService(ref).getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
    }

    private MessageStore awaitStore() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServiceReference<MessageStore> ref = context.getServiceReference(MessageStore.class);
            if (ref != null) {
                return context.getService(ref);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no MessageStore service");
    }

    private static void awaitPolicy(MessageStore st, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!st.storeStatus().flushPolicy().equals(type)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("flush policy still " + st.storeStatus().flushPolicy() + ", wanted " + type);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void flushDiskTypeChangesInConfigAdminSwapPoliciesUnderLoad() throws Exception {
        Path store = tmp.resolve("store");
        registerPolicy("SYNC_FLUSH", TestPolicies.GroupCommit::new);
        registerPolicy("ASYNC_FLUSH", TestPolicies.Immediate::new);
        configure("comet.store", Map.of("storePathRootDir", store.toString(), "mappedFileSizeCommitLog", 1 << 20,
                "maxHashSlotNum", 1000, "maxIndexNum", 10_000));
        configure("comet.flush", Map.of("flushDiskType", "ASYNC_FLUSH"));
        Path classes = Path.of(MessageStoreComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Bundle storeBundle = context.installBundle("reference:" + classes.toUri());
        storeBundle.start();
        assertNotNull(storeBundle.getEntry("OSGI-INF/metatype/comet.store.xml"), "metatype of comet.store");

        MessageStore st = awaitStore();
        awaitPolicy(st, "ASYNC_FLUSH");
        assertTrue(Files.exists(store.resolve("abort")), "the store opened in the configured folder");

        List<CompletableFuture<PutResult>> futures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger syncCompleted = new AtomicInteger();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int tt = t;
            Thread w = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    CompletableFuture<PutResult> f = st.putMessage(MessageRecord.of("Swap", tt, ("m" + i).getBytes(), ""));
                    f.whenComplete((r, e) -> {
                        if (Thread.currentThread().getName().equals("test-group-commit")) {
                            syncCompleted.incrementAndGet();
                            if (st.storeStatus().flushedOffset() < r.nextOffset()) {
                                violations.add("SYNC completion without a covering force at " + r.nextOffset());
                            }
                        }
                    });
                    futures.add(f);
                    if (futures.size() > 200_000) {
                        return;
                    }
                }
            }, "writer-" + t);
            writers.add(w);
            w.start();
        }
        String[] sequence = {"SYNC_FLUSH", "ASYNC_FLUSH", "SYNC_FLUSH", "ASYNC_FLUSH", "SYNC_FLUSH"};
        for (String type : sequence) {
            Thread.sleep(100);
            configure("comet.flush", Map.of("flushDiskType", type));
            awaitPolicy(st, type);
        }
        Thread.sleep(100);
        stop.set(true);
        for (Thread w : writers) {
            w.join(10_000);
        }
        List<CompletableFuture<PutResult>> all;
        synchronized (futures) {
            all = new ArrayList<>(futures);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
        for (CompletableFuture<PutResult> f : all) {
            assertEquals(PutStatus.PUT_OK, f.get().status());
        }
        assertTrue(syncCompleted.get() > 0, "some appends completed under SYNC_FLUSH");
        assertEquals(List.of(), violations);
        assertTrue(policiesMade.get() >= 2);

        storeBundle.stop();
        assertFalse(Files.exists(store.resolve("abort")), "stopping the bundle closes the store cleanly");
        assertEquals(null, context.getServiceReference(MessageStore.class));
    }
}
