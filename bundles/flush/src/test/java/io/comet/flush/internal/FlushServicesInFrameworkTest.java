package io.comet.flush.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.PutStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundle in a real framework (Felix, SCR, ConfigAdmin): the two policy services keep their own
 * {@code flushDiskType} whatever {@code comet.flush} says, are prototype-scoped (one instance per store), take
 * {@code @Modified} tunables without dropping waiters, and stop their threads when the bundle stops. The store API
 * and the test's fake target come from the class path (system bundle exports), so the test can drive the policies.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlushServicesInFrameworkTest {
    private static final String[] PLATFORM = {
            "org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
            "org.osgi.service.component.ComponentContext", "org.apache.felix.cm.impl.ConfigurationManager",
            "org.apache.felix.scr.impl.Activator"};

    @TempDir
    Path storage;
    private Framework framework;
    private BundleContext context;
    private Bundle flushBundle;

    @BeforeEach
    void boot() throws Exception {
        Map<String, String> config = new TreeMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "io.comet.store;version=0.1.0,org.slf4j;version=2.0.17,org.osgi.service.cm;version=1.6.1");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String className : PLATFORM) {
            bundles.add(context.installBundle(Class.forName(className).getProtectionDomain().getCodeSource()
                    .getLocation().toString()));
        }
        Path classes = Path.of(SyncFlushPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        flushBundle = context.installBundle("reference:" + classes.toUri());
        bundles.add(flushBundle);
        for (Bundle bundle : bundles) {
            bundle.start();
        }
    }

    @AfterEach
    void shutdown() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        assertEquals(0, FlushThreads.awaitNoneAlive(5000), "policy threads outlived the framework");
    }

    private Map<String, ServiceReference<FlushPolicy>> policies() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Collection<ServiceReference<FlushPolicy>> refs = context.getServiceReferences(FlushPolicy.class, null);
            if (refs.size() == 2 || System.nanoTime() > deadline) {
                Map<String, ServiceReference<FlushPolicy>> byType = new TreeMap<>();
                refs.forEach(ref -> byType.put(String.valueOf(ref.getProperty(FlushPolicy.TYPE)), ref));
                return byType;
            }
            Thread.sleep(10);
        }
    }

    private void configure(Map<String, Object> values) throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        Configuration configuration = context.getService(ref).getConfiguration("comet.flush", "?");
        configuration.update(new Hashtable<>(values));
    }

    @Test
    void bothPoliciesArePrototypeServicesNamedByTheirOwnType() throws Exception {
        Map<String, ServiceReference<FlushPolicy>> policies = policies();
        assertEquals(List.of("ASYNC_FLUSH", "SYNC_FLUSH"), List.copyOf(policies.keySet()));
        for (ServiceReference<FlushPolicy> ref : policies.values()) {
            assertEquals(Constants.SCOPE_PROTOTYPE, ref.getProperty(Constants.SERVICE_SCOPE));
        }
    }

    @Test
    void configuredFlushDiskTypeDoesNotRelabelEitherService() throws Exception {
        policies();
        configure(Map.of("flushDiskType", "SYNC_FLUSH", "syncFlushTimeout", 60_000L));
        Thread.sleep(300); // let SCR apply it
        assertEquals(List.of("ASYNC_FLUSH", "SYNC_FLUSH"), List.copyOf(policies().keySet()));
        configure(Map.of("flushDiskType", "ASYNC_FLUSH"));
        Thread.sleep(300);
        assertEquals(List.of("ASYNC_FLUSH", "SYNC_FLUSH"), List.copyOf(policies().keySet()));
    }

    @Test
    void eachStoreGetsItsOwnInstanceAndModifiedTunablesReachPendingWaiters() throws Exception {
        configure(Map.of("syncFlushTimeout", 60_000L));
        Thread.sleep(300);
        ServiceObjects<FlushPolicy> objects = context.getServiceObjects(policies().get("SYNC_FLUSH"));
        FlushPolicy first = objects.getService();
        FlushPolicy second = objects.getService();
        assertNotSame(first, second);

        FakeFlushTarget hungDisk = new FakeFlushTarget();
        FakeFlushTarget healthyDisk = new FakeFlushTarget();
        first.attach(hungDisk);
        second.attach(healthyDisk); // a second store in the same framework
        try {
            hungDisk.hang();
            CompletableFuture<PutStatus> waiting = first.onAppended(hungDisk.append(100), true);
            assertTrue(hungDisk.awaitHungFlush(5000));
            assertEquals(PutStatus.PUT_OK, second.onAppended(healthyDisk.append(100), true).get(5, TimeUnit.SECONDS));
            Thread.sleep(100);
            assertFalse(waiting.isDone());

            configure(Map.of("syncFlushTimeout", 100L));
            assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, waiting.get(5, TimeUnit.SECONDS));
        } finally {
            hungDisk.release();
        }
        CompletableFuture<PutStatus> last = second.onAppended(healthyDisk.append(100), true);
        objects.ungetService(second); // the framework takes it back: flushed, completed, stopped
        assertTrue(last.isDone());
        assertEquals(healthyDisk.writtenOffset(), healthyDisk.flushedOffset());
        first.handOver(null);
        objects.ungetService(first);
    }

    @Test
    void stoppingTheBundleStopsAttachedPolicies() throws Exception {
        FlushPolicy policy = context.getServiceObjects(policies().get("ASYNC_FLUSH")).getService();
        FakeFlushTarget target = new FakeFlushTarget();
        policy.attach(target);
        policy.onAppended(target.append(100), true);
        flushBundle.stop();
        assertTrue(context.getServiceReferences(FlushPolicy.class, null).isEmpty());
        assertEquals(target.writtenOffset(), target.flushedOffset(), "release must flush what the store left");
        assertEquals(0, FlushThreads.awaitNoneAlive(5000));
    }
}
