package io.comet.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console connection. Protocol, UTF-8 lines:
 * <ol>
 *   <li>client: {@code AUTH <token>}; server: {@code OK <node>}, or {@code ERR <reason>} and the connection closes
 *       (wrong token, another user, no line within the deadline);</li>
 *   <li>then, repeatedly, client: one Gogo command line; server: its output (ending with a newline) and a status
 *       line {@code \u0004<status>}: 0 done, 1 the command threw (its message is in the output).</li>
 * </ol>
 * {@code exit} or end of input ends the session. Refusals are logged with the reason.
 */
final class ConsoleSession implements Runnable {
    static final char END = '\u0004';
    static final int MAX_LINE = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);

    private final SocketChannel channel;
    private final CommandProcessor processor;
    private final String token;
    private final String node;
    private final String ownUser;
    private volatile boolean authenticated;

    ConsoleSession(SocketChannel channel, CommandProcessor processor, String token, String node, String ownUser) {
        this.channel = channel;
        this.processor = processor;
        this.token = token;
        this.node = node;
        this.ownUser = ownUser;
    }

    boolean authenticated() {
        return authenticated;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void run() {
        try (InputStream in = Channels.newInputStream(channel); OutputStream raw = Channels.newOutputStream(channel)) {
            PrintStream out = new PrintStream(raw, true, StandardCharsets.UTF_8);
            String peer = PeerCredentials.user(channel);
            if (peer != null && !peer.equals(ownUser)) {
                refuse(out, "user " + peer + " is not the node's user");
                return;
            }
            String first = readLine(in, 256);
            if (first == null || !first.startsWith("AUTH ") || !MessageDigest.isEqual(
                    first.substring(5).trim().getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII))) {
                refuse(out, first == null ? "no token sent" : "bad token");
                return;
            }
            authenticated = true;
            LOG.info("console: session opened by user {}", peer == null ? "(unknown, socket mode 0600)" : peer);
            out.print("OK " + node + "\n");
            out.flush();
            serve(in, out);
        } catch (IOException e) {
            LOG.debug("console: connection ended: {}", e.toString());
        } finally {
            close();
        }
    }

    private void refuse(PrintStream out, String reason) {
        LOG.warn("console: refused a connection to {}: {}", node, reason);
        out.print("ERR refused: " + reason + "\n");
        out.flush();
    }

    private void serve(InputStream in, PrintStream out) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(InputStream.nullInputStream(), capture, capture);
        try {
            while (true) {
                String line = readLine(in, MAX_LINE);
                if (line == null || line.trim().equals("exit")) {
                    return;
                }
                if (line.isBlank()) {
                    out.print(END + "0\n");
                    out.flush();
                    continue;
                }
                int status = 0;
                try {
                    Object result = session.execute(line);
                    if (result != null) {
                        capture.print(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    status = 1;
                    capture.print("ERROR: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                }
                capture.flush();
                String text = buffer.toString(StandardCharsets.UTF_8);
                buffer.reset();
                out.print(text);
                if (!text.isEmpty() && !text.endsWith("\n")) {
                    out.print('\n');
                }
                out.print(END + String.valueOf(status) + "\n");
                out.flush();
            }
        } finally {
            session.close();
        }
    }

    /** One line without its terminator, or null at end of input; longer lines end the connection. */
    static String readLine(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (line.size() >= max) {
                throw new IOException("console line longer than " + max + " bytes");
            }
            line.write(b);
        }
    }
}
