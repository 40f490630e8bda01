package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * When the launcher calls a role ready, failed or late, against a real (empty) Felix framework: readiness is the
 * role's remoting server service, a role bundle that is not there is a failure, and every wait is bounded.
 */
@Timeout(60)
class RoleReadinessTest {

    @TempDir
    Path tmp;
    private FrameworkRunner fw;

    @BeforeEach
    void startFramework() throws Exception {
        fw = FrameworkRunner.create(Map.of("org.osgi.framework.storage", tmp.resolve("cache").toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        assertEquals(FrameworkRunner.StartOutcome.STARTED, fw.start(30_000));
    }

    @AfterEach
    void stopFramework() {
        assertTrue(fw.stop(30_000));
    }

    /** Registers a service under the remoting server's interface name (a factory: the class is not here). */
    private ServiceRegistration<?> registerServer(String name) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RoleReadiness.SERVER_PROPERTY, name);
        ServiceFactory<Object> factory = new ServiceFactory<>() {
            @Override
            public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
                return new Object();
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
            }
        };
        return fw.context().registerService(RoleReadiness.REMOTING_SERVER, factory, props);
    }

    @Test
    void readyOnlyOnceTheRolesOwnServerIsRegistered() {
        BundleContext ctx = fw.context();
        RoleReadiness namesrv = new RoleReadiness(ctx, Role.NAMESRV);
        assertFalse(namesrv.ready(), "nothing registered yet");
        ServiceRegistration<?> broker = registerServer("broker");
        assertFalse(namesrv.ready(), "another role's server does not make the NameServer ready");
        assertTrue(new RoleReadiness(ctx, Role.BROKER).ready());
        ServiceRegistration<?> own = registerServer("namesrv");
        assertTrue(namesrv.ready());
        own.unregister();
        assertFalse(namesrv.ready(), "a server that went away is not ready");
        broker.unregister();
    }

    private Path roleBundle(String symbolicName) throws Exception {
        Path jar = tmp.resolve(symbolicName + ".jar");
        FakeDistribution.bundle(jar, symbolicName);
        return jar;
    }

    @Test
    void awaitReturnsReadyAsSoonAsTheServerAppears() throws Exception {
        fw.install(List.of(roleBundle("io.comet.namesrv")), 1);
        RoleReadiness readiness = new RoleReadiness(fw.context(), Role.NAMESRV);
        CompletableFuture<RoleReadiness.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return readiness.await(20_000, () -> true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(outcome.isDone(), "still waiting while no server is registered");
        registerServer("namesrv");
        assertEquals(RoleReadiness.State.READY, outcome.get(10, TimeUnit.SECONDS).state());
    }

    @Test
    void missingRoleBundleIsAFailureNamingTheBundle() throws Exception {
        RoleReadiness.Outcome outcome = new RoleReadiness(fw.context(), Role.BROKER).await(20_000, () -> true);
        assertEquals(RoleReadiness.State.FAILED, outcome.state());
        assertTrue(outcome.reason().contains("io.comet.broker"), outcome.reason());
    }

    @Test
    void roleBundleThatIsNotActiveIsAFailure() throws Exception {
        fw.context().installBundle(roleBundle("io.comet.namesrv").toUri().toString()); // installed, not started
        RoleReadiness.Outcome outcome = new RoleReadiness(fw.context(), Role.NAMESRV).await(20_000, () -> true);
        assertEquals(RoleReadiness.State.FAILED, outcome.state());
        assertTrue(outcome.reason().contains("io.comet.namesrv is not active"), outcome.reason());
    }

    @Test
    void activeRoleWithoutServerTimesOutWithinTheBound() throws Exception {
        fw.install(List.of(roleBundle("io.comet.namesrv")), 1);
        long t0 = System.nanoTime();
        RoleReadiness.Outcome outcome = new RoleReadiness(fw.context(), Role.NAMESRV).await(500, () -> true);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(RoleReadiness.State.TIMED_OUT, outcome.state());
        assertTrue(ms >= 500 && ms < 10_000, ms + " ms");
        assertTrue(outcome.reason().contains("500 ms") && outcome.reason().contains("comet.ready.timeout.ms"),
                outcome.reason());
    }

    @Test
    void stoppedFrameworkEndsTheWait() throws Exception {
        RoleReadiness.Outcome outcome = new RoleReadiness(fw.context(), Role.NAMESRV).await(20_000, () -> false);
        assertEquals(RoleReadiness.State.STOPPED, outcome.state());
    }

    @Test
    void failureTextIsTheFirstLineOfTheComponentsFailure() {
        assertEquals("java.net.BindException: Address already in use",
                RoleReadiness.failureText(new FakeConfigurationDto("java.net.BindException: Address already in use\n"
                        + "\tat io.netty.Bootstrap.bind(Bootstrap.java:1)")));
        assertEquals("see the log for the cause", RoleReadiness.failureText(new FakeConfigurationDto(null)));
        assertEquals("see the log for the cause", RoleReadiness.failureText(new Object()));
    }

    /** Shaped like {@code ComponentConfigurationDTO}: a public {@code failure} field. */
    public static final class FakeConfigurationDto {
        public String failure;

        FakeConfigurationDto(String failure) {
            this.failure = failure;
        }
    }
}
