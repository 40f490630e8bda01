package io.comet.flush.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.PutStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PolicyServiceFactoryTest {
    private final PolicyServiceFactory factory =
            new PolicyServiceFactory("SYNC_FLUSH", FlushSettings.DEFAULTS, SyncFlushPolicy::new);

    @Test
    void registersUnderFlushPolicyWithItsOwnTypeOnly() {
        AtomicReference<Object[]> registered = new AtomicReference<>();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        registered.set(args);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        factory.register(context);
        Object[] args = registered.get();
        assertEquals(FlushPolicy.class, args[0]);
        assertSame(factory, args[1]);
        Dictionary<?, ?> properties = (Dictionary<?, ?>) args[2];
        assertEquals("SYNC_FLUSH", properties.get(FlushPolicy.TYPE));
        assertEquals(2, properties.size(), "only flushDiskType and a description: " + properties);
        assertTrue(properties.get(Constants.SERVICE_DESCRIPTION).toString().contains("SYNC_FLUSH"));
    }

    @Test
    void eachGetIsANewInstanceSoStoresNeverShareOne() {
        FlushPolicy first = factory.getService(null, null);
        FlushPolicy second = factory.getService(null, null);
        assertNotSame(first, second);
        assertInstanceOf(SyncFlushPolicy.class, first);
        assertEquals(2, factory.liveCount());
    }

    @Test
    void newSettingsReachLiveInstancesAndLaterOnes() {
        SyncFlushPolicy live = (SyncFlushPolicy) factory.getService(null, null);
        FlushSettings changed = new FlushSettings(42, 500, 4, 10_000, true, false);
        factory.apply(changed);
        assertSame(changed, live.settings());
        assertSame(changed, ((SyncFlushPolicy) factory.getService(null, null)).settings());
    }

    @Test
    void releasingAnAttachedInstanceFlushesCompletesAndRefusesReuse() throws Exception {
        FakeFlushTarget target = new FakeFlushTarget();
        target.delay(50);
        SyncFlushPolicy policy = (SyncFlushPolicy) factory.getService(null, null);
        policy.attach(target);
        CompletableFuture<PutStatus> waiter = policy.onAppended(target.append(100), true);
        factory.ungetService(null, null, policy);
        assertTrue(waiter.isDone());
        assertEquals(PutStatus.PUT_OK, waiter.getNow(null));
        assertFalse(policy.isAttached());
        assertEquals(0, factory.liveCount());
        IllegalStateException reuse = assertThrows(IllegalStateException.class, () -> policy.attach(target));
        assertTrue(reuse.getMessage().contains("released"), reuse.getMessage());
        assertEquals(0, FlushThreads.awaitNoneAlive(5000));
    }

    @Test
    void releaseAllStopsEveryInstanceStillOut() throws Exception {
        FlushPolicy a = factory.getService(null, null);
        FlushPolicy b = factory.getService(null, null);
        a.attach(new FakeFlushTarget());
        factory.releaseAll();
        assertEquals(0, factory.liveCount());
        assertFalse(((SyncFlushPolicy) a).isAttached());
        assertThrows(IllegalStateException.class, () -> b.attach(new FakeFlushTarget()));
        assertEquals(0, FlushThreads.awaitNoneAlive(5000));
    }
}
