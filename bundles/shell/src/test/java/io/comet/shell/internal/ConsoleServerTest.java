package io.comet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console on a real Gogo command processor: who gets in, and what a session answers. */
@Timeout(30)
class ConsoleServerTest {
    /** Commands registered for the test, as a node's would be. */
    public static final class Probe {
        final List<String> calls = new ArrayList<>();

        public String echo(String word) {
            calls.add(word);
            return "echo " + word;
        }

        public String fail() {
            throw new IllegalStateException("probe failed on purpose");
        }
    }

    @TempDir
    Path run;
    private ThreadIOImpl threadIo;
    private ConsoleServer console;
    private final Probe probe = new Probe();
    private final List<SocketChannel> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
        processor.addCommand("mq", probe, "echo");
        processor.addCommand("mq", probe, "fail");
        console = new ConsoleServer();
        Field f = ConsoleServer.class.getDeclaredField("processor");
        f.setAccessible(true);
        f.set(console, processor);
        console.start(run, "namesrv-9876");
    }

    @AfterEach
    void stop() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        console.stop();
        threadIo.stop();
    }

    private record Conn(OutputStream out, BufferedReader in) {
        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Lines up to the status line; the status is the last element. */
        List<String> reply() throws IOException {
            List<String> lines = new ArrayList<>();
            String l;
            while ((l = in.readLine()) != null) {
                if (!l.isEmpty() && l.charAt(0) == ConsoleSession.END) {
                    lines.add("status " + l.substring(1));
                    return lines;
                }
                lines.add(l);
            }
            lines.add("closed");
            return lines;
        }
    }

    private Conn connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(run.resolve("namesrv-9876.console")));
        clients.add(ch);
        return new Conn(Channels.newOutputStream(ch),
                new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8)));
    }

    private String token() throws IOException {
        return Files.readString(run.resolve("namesrv-9876.console.token")).trim();
    }

    @Test
    void socketAndTokenAreOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(run.resolve("namesrv-9876.console.token"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(run.resolve("namesrv-9876.console"))));
        assertEquals(64, token().length());
        assertTrue(token().matches("[0-9a-f]{64}"));
    }

    @Test
    void theRightTokenOpensASessionThatRunsCommands() throws IOException {
        Conn c = connect();
        c.send("AUTH " + token());
        assertEquals("OK namesrv-9876", c.in().readLine());
        c.send("mq:echo hello");
        assertEquals(List.of("echo hello", "status 0"), c.reply());
        c.send("mq:fail");
        List<String> failed = c.reply();
        assertEquals("status 1", failed.get(failed.size() - 1));
        assertTrue(failed.get(0).contains("probe failed on purpose"), failed.toString());
        c.send("mq:echo again");
        assertEquals(List.of("echo again", "status 0"), c.reply(), "the session survives a failed command");
        assertEquals(List.of("hello", "again"), probe.calls);
        c.send("exit");
        assertNull(c.in().readLine(), "exit closes the connection");
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndNothingRuns() throws IOException {
        Conn bad = connect();
        bad.send("AUTH " + "0".repeat(64));
        assertEquals("ERR refused: bad token", bad.in().readLine());
        assertNull(bad.in().readLine(), "closed after the refusal");

        Conn none = connect();
        none.send("mq:echo sneaky");
        assertEquals("ERR refused: bad token", none.in().readLine());
        assertNull(none.in().readLine());
        assertTrue(probe.calls.isEmpty(), "no command ran: " + probe.calls);
    }

    @Test
    void aSilentConnectionIsClosedAtTheDeadline() throws IOException {
        Conn silent = connect();
        long start = System.nanoTime();
        assertNull(silent.in().readLine(), "closed without a word");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= ConsoleServer.AUTH_DEADLINE_MS - 500 && ms < ConsoleServer.AUTH_DEADLINE_MS + 5000,
                "closed after " + ms + " ms");
    }

    @Test
    void stopRemovesTheSocketAndTheToken() {
        console.stop();
        assertFalse(Files.exists(run.resolve("namesrv-9876.console")));
        assertFalse(Files.exists(run.resolve("namesrv-9876.console.token")));
    }

    /**
     * Another user is refused by the kernel's peer credentials even when the socket's mode would let them in. Needs
     * root (to open the socket to others and run the client as {@code nobody}); skipped elsewhere.
     */
    @Test
    void anotherUserIsRefusedByPeerCredentials() throws Exception {
        Path runuser = Path.of("/usr/sbin/runuser");
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isExecutable(runuser), "needs root and runuser");
        Path socket = run.resolve("namesrv-9876.console");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path client = run.resolve("Client.java");
        Files.writeString(client, String.join("\n",
                "import java.net.*; import java.nio.channels.*; import java.io.*;",
                "public class Client { public static void main(String[] a) throws Exception {",
                "  try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {",
                "    c.connect(UnixDomainSocketAddress.of(a[0]));",
                "    try { Channels.newOutputStream(c).write((\"AUTH \" + a[1] + \"\\nmq:echo intruder\\n\").getBytes()); }",
                "    catch (IOException refusedBeforeWeSpoke) { }",
                "    System.out.println(new BufferedReader(new InputStreamReader(Channels.newInputStream(c))).readLine());",
                "  } } }"));
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        Process p = new ProcessBuilder(runuser.toString(), "-u", "nobody", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", client.toString(),
                socket.toString(), token()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(25, java.util.concurrent.TimeUnit.SECONDS), "client finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("ERR refused: user nobody is not the node's user"), out);
        assertTrue(probe.calls.isEmpty(), "nothing ran for the other user, even with the right token");
    }

    @Test
    void readLineIsBounded() {
        byte[] longLine = ("x".repeat(300) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ConsoleSession.readLine(new ByteArrayInputStream(longLine), 256)).getMessage().contains("256"));
    }
}
