package io.comet.launcher;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Decides whether a started framework actually runs its role. A role is <em>ready</em> once its remoting server
 * is registered as a service ({@code io.comet.remoting.RemotingServer} with {@code comet.remoting.server=<role>}):
 * the NameServer and the broker register it only after their port is bound. (Their {@code StatusSource} service
 * is not a readiness signal: Declarative Services may register it before the component's activation fails.)
 *
 * <p>A role has <em>failed</em> when its role bundle is not active, or when Declarative Services reports one of
 * the role bundle's components in state {@code FAILED_ACTIVATION} (port in use, bad {@code bindAddress}); the
 * reason is the component's failure text. The launcher must not depend on compendium APIs, so Service Component
 * Runtime is read through reflection, with the interface loaded from the bundle that registered it.
 */
final class RoleReadiness {

    /** How the wait ended. */
    enum State { READY, FAILED, STOPPED, TIMED_OUT }

    /** The outcome of {@link #await}: the state and, unless ready, why. */
    record Outcome(State state, String reason) {
    }

    static final String REMOTING_SERVER = "io.comet.remoting.RemotingServer";
    static final String SERVER_PROPERTY = "comet.remoting.server";
    static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    /** {@code ComponentConfigurationDTO.FAILED_ACTIVATION} (Declarative Services 1.4). */
    static final int FAILED_ACTIVATION = 16;

    private final BundleContext context;
    private final Role role;

    RoleReadiness(BundleContext context, Role role) {
        this.context = context;
        this.role = role;
    }

    /**
     * Polls every 100 ms until the role is ready, has failed, the framework stopped ({@code frameworkActive}
     * turned false: a bundle refused the start) or {@code timeoutMillis} passed.
     */
    Outcome await(long timeoutMillis, BooleanSupplier frameworkActive) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (!frameworkActive.getAsBoolean()) {
                return new Outcome(State.STOPPED, "the framework stopped");
            }
            if (ready()) {
                return new Outcome(State.READY, "");
            }
            Optional<String> failure = failure();
            if (failure.isPresent()) {
                return new Outcome(State.FAILED, failure.get());
            }
            if (System.nanoTime() > deadline) {
                return new Outcome(State.TIMED_OUT, "the " + role.id() + " server was not up after " + timeoutMillis
                        + " ms (comet.ready.timeout.ms); see " + role.logFile());
            }
            Thread.sleep(100);
        }
    }

    /** Whether the role's remoting server is registered. */
    boolean ready() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(REMOTING_SERVER,
                    "(" + SERVER_PROPERTY + "=" + role.id() + ")");
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return false;
        }
    }

    /** Why the role cannot come up, if it cannot: its bundle is not active or a component failed to activate. */
    Optional<String> failure() {
        List<Bundle> roleBundles = roleBundles();
        if (roleBundles.isEmpty()) {
            return Optional.of("bundle " + role.roleBundle() + " is not installed");
        }
        for (Bundle b : roleBundles) {
            if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING) {
                return Optional.of("bundle " + role.roleBundle() + " is not active (state " + b.getState()
                        + "; unresolved requirements are listed in " + role.logFile() + ")");
            }
        }
        return failedComponent(roleBundles);
    }

    private List<Bundle> roleBundles() {
        List<Bundle> out = new ArrayList<>();
        try {
            for (Bundle b : context.getBundles()) {
                if (role.roleBundle().equals(b.getSymbolicName())) {
                    out.add(b);
                }
            }
        } catch (IllegalStateException e) {
            // the framework is stopping
        }
        return out;
    }

    /** A component of the role bundles in {@code FAILED_ACTIVATION}, read from Service Component Runtime. */
    private Optional<String> failedComponent(List<Bundle> bundles) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(SCR, null);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return Optional.empty();
        }
        if (refs == null || refs.length == 0) {
            return Optional.empty();
        }
        ServiceReference<?> ref = refs[0];
        Object scr = context.getService(ref);
        if (scr == null) {
            return Optional.empty();
        }
        try {
            Class<?> api = ref.getBundle().loadClass(SCR);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Class<?> descriptionType = api.getClassLoader().loadClass(
                    "org.osgi.service.component.runtime.dto.ComponentDescriptionDTO");
            Method configurations = api.getMethod("getComponentConfigurationDTOs", descriptionType);
            Object bundleArray = bundles.toArray(new Bundle[0]);
            for (Object description : (Collection<?>) descriptions.invoke(scr, bundleArray)) {
                for (Object config : (Collection<?>) configurations.invoke(scr, description)) {
                    int state = config.getClass().getField("state").getInt(config);
                    if (state == FAILED_ACTIVATION) {
                        String name = String.valueOf(description.getClass().getField("name").get(description));
                        return Optional.of("component " + name + " failed to activate: " + failureText(config));
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // an older or unexpected runtime: the timeout still bounds the wait
        } finally {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException e) {
                // the framework is stopping
            }
        }
        return Optional.empty();
    }

    /** The first line of {@code ComponentConfigurationDTO.failure} (Declarative Services 1.5), if present. */
    static String failureText(Object config) {
        try {
            Object failure = config.getClass().getField("failure").get(config);
            if (failure != null && !failure.toString().isBlank()) {
                return failure.toString().lines().findFirst().orElse("").trim();
            }
        } catch (ReflectiveOperationException e) {
            // Declarative Services 1.4: no failure text
        }
        return "see the log for the cause";
    }
}
