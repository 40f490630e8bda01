package io.comet.remoting.internal;

import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestProcessor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard's bookkeeping, free of OSGi so it can be tested directly: servers by name, processors and
 * channel listeners that name a server, and the attachments between them. Whichever side arrives first, the
 * other attaches when it comes; when either leaves, their attachments are closed. Services are keyed by an
 * identity supplied by the caller (the OSGi {@code service.id}). All methods are synchronized: service events
 * are rare.
 */
final class WhiteboardRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardRegistry.class);

    /** A processor or listener service waiting for, or attached to, servers of its name. */
    private static final class Member {
        final Object key;
        final String serverName;
        final RequestProcessor processor;
        final String executor;
        final int[] codes;
        final ChannelEventListener listener;
        final Map<RemotingServer, AutoCloseable> attachments = new IdentityHashMap<>();

        Member(Object key, String serverName, RequestProcessor processor, String executor, int[] codes,
               ChannelEventListener listener) {
            this.key = key;
            this.serverName = serverName;
            this.processor = processor;
            this.executor = executor;
            this.codes = codes;
            this.listener = listener;
        }

        void attach(RemotingServer server) {
            AutoCloseable handle = processor != null
                    ? server.registerProcessor(processor, executor, codes)
                    : server.addChannelListener(listener);
            attachments.put(server, handle);
        }

        void detach(RemotingServer server) {
            close(attachments.remove(server));
        }

        void detachAll() {
            attachments.values().forEach(WhiteboardRegistry::close);
            attachments.clear();
        }
    }

    private final Map<Object, RemotingServer> servers = new LinkedHashMap<>();
    private final Map<Object, String> serverNames = new LinkedHashMap<>();
    private final Map<Object, Member> members = new LinkedHashMap<>();

    synchronized void addServer(Object key, RemotingServer server, Map<String, ?> props) {
        removeServer(key);
        String name = ServiceProperties.serverName(props);
        if (name == null) {
            name = server.name();
        }
        servers.put(key, server);
        serverNames.put(key, name);
        for (Member m : members.values()) {
            if (m.serverName.equals(name)) {
                attach(m, server);
            }
        }
        LOG.debug("Whiteboard: server '{}' arrived", name);
    }

    synchronized void removeServer(Object key) {
        RemotingServer server = servers.remove(key);
        serverNames.remove(key);
        if (server != null) {
            for (Member m : members.values()) {
                m.detach(server);
            }
        }
    }

    /** Adds a processor service; a service with a missing server name or bad codes is logged and ignored. */
    synchronized void addProcessor(Object key, RequestProcessor processor, Map<String, ?> props) {
        removeMember(key);
        String name = ServiceProperties.serverName(props);
        if (name == null) {
            LOG.error("Request processor {} has no {} service property; it serves no server", processor, RequestProcessor.SERVER);
            return;
        }
        int[] codes;
        try {
            codes = ServiceProperties.codes(props);
        } catch (IllegalArgumentException e) {
            LOG.error("Request processor {} for server '{}' is ignored: {}", processor, name, e.getMessage());
            return;
        }
        addMember(new Member(key, name, processor, ServiceProperties.executor(props), codes, null));
    }

    synchronized void addListener(Object key, ChannelEventListener listener, Map<String, ?> props) {
        removeMember(key);
        String name = ServiceProperties.serverName(props);
        if (name == null) {
            LOG.error("Channel listener {} has no {} service property; it hears no server", listener, RequestProcessor.SERVER);
            return;
        }
        addMember(new Member(key, name, null, null, null, listener));
    }

    synchronized void removeMember(Object key) {
        Member m = members.remove(key);
        if (m != null) {
            m.detachAll();
        }
    }

    /** Detaches everything; the registry forgets all services. */
    synchronized void clear() {
        members.values().forEach(Member::detachAll);
        members.clear();
        servers.clear();
        serverNames.clear();
    }

    /** How many server attachments the service with {@code key} has (for tests and diagnostics). */
    synchronized int attachmentCount(Object key) {
        Member m = members.get(key);
        return m == null ? 0 : m.attachments.size();
    }

    private void addMember(Member m) {
        members.put(m.key, m);
        List<RemotingServer> matching = new ArrayList<>();
        serverNames.forEach((k, n) -> {
            if (n.equals(m.serverName)) {
                matching.add(servers.get(k));
            }
        });
        for (RemotingServer s : matching) {
            attach(m, s);
        }
    }

    private static void attach(Member m, RemotingServer server) {
        try {
            m.attach(server);
        } catch (RuntimeException e) {
            LOG.error("Cannot attach {} to server '{}'", m.processor != null ? m.processor : m.listener, m.serverName, e);
        }
    }

    private static void close(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.warn("Detaching from the remoting server failed", e);
            }
        }
    }
}
