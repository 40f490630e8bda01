package io.comet.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.tools.MqShell;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** bin/mqshell's client: finding the node, the token handshake, command output and exit status. */
@Timeout(30)
class ShellClientTest {
    @TempDir
    Path run;
    private ServerSocketChannel server;
    private Thread serving;
    private final List<String> received = new CopyOnWriteArrayList<>();

    /** A console that speaks the protocol: token "secret", echoes commands, fails "boom". */
    private void fakeConsole(String node) throws IOException {
        Files.writeString(run.resolve(node + ".console.token"), "secret\n");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(run.resolve(node + ".console")));
        serving = new Thread(() -> {
            try (SocketChannel ch = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                        StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(ch);
                String auth = in.readLine();
                if (!"AUTH secret".equals(auth)) {
                    out.write("ERR refused: bad token\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                out.write(("OK " + node + "\n").getBytes(StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.equals("exit")) {
                    received.add(line);
                    String reply = line.equals("boom") ? "ERROR: boom\n\u00041\n" : "ran " + line + "\nline 2\n\u00040\n";
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // test ends
            }
        });
        serving.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            serving.join(5000);
        }
    }

    private record Result(int exit, String out, String err) { }

    private Result shell(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MqShell.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("COMET_RUN_DIR", run.toString()));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsEachCommandAndExitsWithTheWorstStatus() throws Exception {
        fakeConsole("namesrv-9876");
        Result ok = shell("", "namesrv", "-c", "mq:status", "-c", "boom");
        assertEquals(1, ok.exit(), ok.toString());
        assertEquals("ran mq:status\nline 2\nERROR: boom\n", ok.out());
        assertEquals(List.of("mq:status", "boom"), received);
    }

    @Test
    void interactiveReadsCommandsUntilExit() throws Exception {
        fakeConsole("broker-10911");
        Result r = shell("mq:config\nexit\n", "broker", "10911");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("broker-10911> ran mq:config\nline 2\nbroker-10911> "), r.out());
    }

    @Test
    void aWrongTokenIsReportedWithExit1() throws Exception {
        fakeConsole("namesrv-9876");
        Files.writeString(run.resolve("namesrv-9876.console.token"), "guess\n");
        Result r = shell("", "-c", "mq:status");
        assertEquals(1, r.exit());
        assertEquals("mqshell: namesrv-9876 ERR refused: bad token\n", r.err());
        assertTrue(received.isEmpty());
    }

    @Test
    void findsTheNodeOrSaysWhyNot() throws Exception {
        IOException none = assertThrows(IOException.class, () -> ShellClient.findNode(run, "broker", null));
        assertTrue(none.getMessage().startsWith("no running broker with a console in " + run), none.getMessage());
        Files.createFile(run.resolve("broker-10911.console"));
        Files.createFile(run.resolve("broker-10921.console"));
        Files.createFile(run.resolve("namesrv-9876.console"));
        assertEquals("namesrv-9876", ShellClient.findNode(run, "namesrv", null));
        assertEquals("broker-10921", ShellClient.findNode(run, "broker", "10921"));
        IOException several = assertThrows(IOException.class, () -> ShellClient.findNode(run, "broker", null));
        assertEquals("several nodes run here, name one: broker-10911, broker-10921 (mqshell <role> <port or name>)",
                several.getMessage());
        assertThrows(IOException.class, () -> ShellClient.findNode(run, "broker", "10931"));
        Result usage = shell("", "router");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().startsWith("expected a role (namesrv, broker, controller)"), usage.err());
        assertEquals(2, shell("", "namesrv", "-c").exit());
    }
}
