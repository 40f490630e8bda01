package io.comet.shell.internal;

import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@link RemotingServer} services of the node, the client connections they accepted while the shell was
 * active, and requests to the node's own servers over loopback (for {@code mq:topics}, {@code mq:route}, ...;
 * each request uses its own short-lived connection, so it does not linger in {@link #connections}).
 * The shell imports {@code io.comet.remoting} optionally (see {@code bnd.bnd}); this is the only class that touches
 * it, so it is loaded only when that package is wired, and {@link #open} answers null when it is not.
 */
final class RemotingEndpoints implements AutoCloseable {
    static final long TIMEOUT_MS = 5000;

    private final ServiceTracker<RemotingServer, RemotingServer> tracker;
    private final Map<RemotingServer, AutoCloseable> listeners = new ConcurrentHashMap<>();
    /** Open client connections by server name. */
    private final Map<String, Set<String>> connections = new ConcurrentHashMap<>();

    private RemotingEndpoints(BundleContext context) {
        tracker = new ServiceTracker<>(context, RemotingServer.class, null) {
            @Override
            public RemotingServer addingService(ServiceReference<RemotingServer> reference) {
                RemotingServer server = super.addingService(reference);
                if (server != null) {
                    listen(server);
                }
                return server;
            }

            @Override
            public void removedService(ServiceReference<RemotingServer> reference, RemotingServer server) {
                AutoCloseable l = listeners.remove(server);
                if (l != null) {
                    try {
                        l.close();
                    } catch (Exception e) {
                        // the server is going away anyway
                    }
                }
                super.removedService(reference, server);
            }
        };
        tracker.open();
    }

    private void listen(RemotingServer server) {
        Set<String> open = connections.computeIfAbsent(server.name(), n -> ConcurrentHashMap.newKeySet());
        listeners.put(server, server.addChannelListener(new ChannelEventListener() {
            @Override
            public void onConnect(RemotingChannel channel) {
                open.add(channel.remoteAddress());
            }

            @Override
            public void onClose(RemotingChannel channel) {
                open.remove(channel.remoteAddress());
            }
        }));
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

    /** Client addresses connected to each server since the shell started tracking it, by server name. */
    Map<String, Set<String>> connections() {
        return connections;
    }

    /** A reply from one of the node's own servers. */
    record Reply(int code, String remark, Map<String, String> fields, String body) { }

    /**
     * Sends a request to the node's server named {@code serverName} on 127.0.0.1 and returns its reply; null when
     * the node has no such server.
     */
    Reply call(String serverName, int code, Map<String, String> fields) throws Exception {
        RemotingServer target = null;
        for (RemotingServer s : tracker.getTracked().values()) {
            if (s.name().equals(serverName)) {
                target = s;
            }
        }
        if (target == null) {
            return null;
        }
        RemotingCommand request = RemotingCommand.request(code);
        fields.forEach(request::put);
        RemotingCommand r;
        try (RemotingClient c = Remoting.newClient(ClientSettings.defaults())) {
            r = c.invokeSync("127.0.0.1:" + target.port(), request, TIMEOUT_MS);
        }
        return new Reply(r.code(), r.remark(), r.extFields() == null ? Map.of() : r.extFields(),
                r.body() == null ? null : new String(r.body(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        tracker.close();
    }
}
