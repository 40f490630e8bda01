package io.comet.shell.internal;

import io.comet.remoting.RemotingServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@link RemotingServer} services of the node. The shell imports {@code io.comet.remoting} optionally (see
 * {@code bnd.bnd}); this is the only class that touches it, so it is loaded only when that package is wired, and
 * {@link #open} answers null when it is not.
 */
final class RemotingEndpoints implements AutoCloseable {
    private final ServiceTracker<RemotingServer, RemotingServer> tracker;

    private RemotingEndpoints(BundleContext context) {
        tracker = new ServiceTracker<>(context, RemotingServer.class, null);
        tracker.open();
    }

    /** Tracks the node's servers, or returns null when the remoting bundle is not installed. */
    static RemotingEndpoints open(BundleContext context) {
        try {
            return new RemotingEndpoints(context);
        } catch (NoClassDefFoundError e) {
            return null;
        }
    }

    List<StatusReport.Endpoint> list() {
        List<StatusReport.Endpoint> endpoints = new ArrayList<>();
        for (RemotingServer server : tracker.getTracked().values()) {
            endpoints.add(new StatusReport.Endpoint(server.name(), server.port()));
        }
        endpoints.sort(Comparator.comparing(StatusReport.Endpoint::name));
        return endpoints;
    }

    @Override
    public void close() {
        tracker.close();
    }
}
