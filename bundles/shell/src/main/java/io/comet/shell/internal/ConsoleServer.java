package io.comet.shell.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console of a background node: a Gogo session served on a Unix domain socket in the run folder, for
 * {@code bin/mqshell}. Files and protocol: {@link ConsoleFiles}, {@link ConsoleSession}.
 *
 * <p>Who gets in: the socket file is mode 0600, so only the node's user (and root) can connect; the kernel's peer
 * credentials are checked too where the JDK exposes them (Linux, macOS), refusing any other user; and the first
 * line must carry the token from the 0600 token file. No TCP port is opened, so nothing is reachable from the
 * network. Enabled by default; {@code consoleEnabled=false} in the node's properties file turns it off. Without
 * {@code comet.run.dir} and {@code comet.node} (a framework not started by the launcher) it stays off.
 */
@Component(service = {}, configurationPid = ConsoleServer.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleServer.Config.class)
public final class ConsoleServer {
    static final String PID = "comet.console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** Unauthenticated connections are closed after this long. */
    static final long AUTH_DEADLINE_MS = 5000;
    static final int MAX_SESSIONS = 8;

    /** The console's settings (RocketMQ-style key in the node's properties file). */
    @ObjectClassDefinition(name = "Comet console", description = "The console bin/mqshell attaches to.")
    public @interface Config {
        @AttributeDefinition(description = "Serve the node's Gogo console on a Unix domain socket in the run folder")
        boolean consoleEnabled() default true;
    }

    @Reference
    private CommandProcessor processor;

    private ServerSocketChannel server;
    private ConsoleFiles files;
    private Thread acceptor;
    private ScheduledExecutorService deadlines;
    private final Set<ConsoleSession> sessions = ConcurrentHashMap.newKeySet();

    @Activate
    void activate(BundleContext context, Config config) {
        String runDir = context.getProperty("comet.run.dir");
        String node = context.getProperty("comet.node");
        if (!config.consoleEnabled()) {
            LOG.info("console: off (consoleEnabled=false)");
            return;
        }
        if (runDir == null || node == null) {
            LOG.info("console: off (no comet.run.dir or comet.node: not started by the Comet launcher)");
            return;
        }
        try {
            start(Path.of(runDir), node);
        } catch (IOException | RuntimeException e) {
            LOG.warn("console: cannot serve in {}: {}", runDir, e.toString());
            stop();
        }
    }

    /**
     * A configuration change (the config bundle writes the PID at start, and on edits of the file) restarts the
     * console only when {@code consoleEnabled} changed, so an attached session and the token survive other edits.
     */
    @Modified
    void modified(BundleContext context, Config config) {
        if (config.consoleEnabled() != (server != null)) {
            stop();
            activate(context, config);
        }
    }

    /** Binds the socket and starts accepting; also used by tests. */
    void start(Path runDir, String node) throws IOException {
        files = ConsoleFiles.of(runDir, node);
        Files.createDirectories(runDir);
        Files.deleteIfExists(files.socket());
        String token = files.writeToken();
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(files.socket()));
        files.restrictSocket();
        deadlines = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "comet-console-deadline"));
        String user = System.getProperty("user.name");
        ServerSocketChannel listening = server;
        acceptor = daemon(() -> accept(listening, token, node, user), "comet-console");
        acceptor.start();
        LOG.info("console: serving {} (token in {})", files.socket(), files.token());
    }

    private void accept(ServerSocketChannel listening, String token, String node, String user) {
        while (listening.isOpen()) {
            SocketChannel channel;
            try {
                channel = listening.accept();
            } catch (IOException e) {
                return;
            }
            if (sessions.size() >= MAX_SESSIONS) {
                LOG.warn("console: refused a connection to {}: {} sessions already open", node, MAX_SESSIONS);
                close(channel);
                continue;
            }
            ConsoleSession session = new ConsoleSession(channel, processor, token, node, user);
            sessions.add(session);
            deadlines.schedule(() -> {
                if (!session.authenticated()) {
                    session.close();
                }
            }, AUTH_DEADLINE_MS, TimeUnit.MILLISECONDS);
            daemon(() -> {
                try {
                    session.run();
                } finally {
                    sessions.remove(session);
                }
            }, "comet-console-session").start();
        }
    }

    Path socketFile() {
        return files == null ? null : files.socket();
    }

    @Deactivate
    void stop() {
        if (server != null) {
            close(server);
            server = null;
        }
        sessions.forEach(ConsoleSession::close);
        if (acceptor != null) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deadlines != null) {
            deadlines.shutdownNow();
        }
        if (files != null) {
            files.delete();
            files = null;
        }
        acceptor = null;
        deadlines = null;
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
