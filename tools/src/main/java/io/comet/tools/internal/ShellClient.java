package io.comet.tools.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The client side of a node's console (the node side is the shell bundle's {@code ConsoleServer}). It finds the
 * node's socket {@code <role>-<port or name>.console} and token file {@code <role>-<port or name>.console.token}
 * in the run folder, sends {@code AUTH <token>}, then command lines, printing each command's output up to its
 * status line ({@code \u0004<status>}).
 */
public final class ShellClient {
    static final String USAGE = "usage: mqshell [namesrv|broker|controller] [port-or-name] [-c COMMAND]...\n"
            + "  attaches to the console of a Comet node running on this machine (files in $COMET_RUN_DIR,\n"
            + "  default ~/.comet/run); without -c it reads commands from the terminal ('exit' or Ctrl-D ends)\n";
    static final char END = '\u0004';

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public ShellClient(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        List<String> words = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                out.print(USAGE);
                return 0;
            }
            if (args[i].equals("-c")) {
                if (i + 1 >= args.length) {
                    err.print("-c needs a command\n" + USAGE);
                    return 2;
                }
                commands.add(args[++i]);
            } else if (args[i].startsWith("-")) {
                err.print("Unrecognized option: " + args[i] + "\n" + USAGE);
                return 2;
            } else {
                words.add(args[i]);
            }
        }
        if (words.size() > 2 || (!words.isEmpty() && !List.of("namesrv", "broker", "controller").contains(words.get(0)))) {
            err.print("expected a role (namesrv, broker, controller) and optionally a port or name, got " + words
                    + "\n" + USAGE);
            return 2;
        }
        Path runDir = runDir();
        String node;
        try {
            node = findNode(runDir, words.isEmpty() ? null : words.get(0), words.size() < 2 ? null : words.get(1));
        } catch (IOException e) {
            err.println("mqshell: " + e.getMessage());
            return 1;
        }
        return attach(runDir, node, commands);
    }

    private Path runDir() {
        String dir = env.get("COMET_RUN_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".comet", "run");
    }

    /** The node name ({@code <role>-<port or name>}) whose console socket is in {@code runDir}. */
    static String findNode(Path runDir, String role, String portOrName) throws IOException {
        if (role != null && portOrName != null) {
            String node = role + "-" + portOrName;
            if (!Files.exists(runDir.resolve(node + ".console"))) {
                throw new IOException("no console of " + node + " in " + runDir + " (is it running, with its console on?)");
            }
            return node;
        }
        List<String> nodes = new ArrayList<>();
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> files = Files.list(runDir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".console"))
                        .map(n -> n.substring(0, n.length() - ".console".length()))
                        .filter(n -> role == null || n.startsWith(role + "-")).sorted().forEach(nodes::add);
            }
        }
        if (nodes.isEmpty()) {
            throw new IOException("no running " + (role == null ? "Comet node" : role) + " with a console in " + runDir);
        }
        if (nodes.size() > 1) {
            throw new IOException("several nodes run here, name one: " + String.join(", ", nodes)
                    + " (mqshell <role> <port or name>)");
        }
        return nodes.get(0);
    }

    private int attach(Path runDir, String node, List<String> commands) {
        Path tokenFile = runDir.resolve(node + ".console.token");
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            err.println("mqshell: cannot read the console token " + tokenFile + ": " + e.getMessage()
                    + " (only the node's user can)");
            return 1;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(runDir.resolve(node + ".console")));
            OutputStream raw = Channels.newOutputStream(ch);
            BufferedReader reply = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            send(raw, "AUTH " + token);
            String hello = reply.readLine();
            if (hello == null || !hello.startsWith("OK")) {
                err.println("mqshell: " + node + " " + (hello == null ? "closed the connection" : hello));
                return 1;
            }
            if (!commands.isEmpty()) {
                int status = 0;
                for (String c : commands) {
                    status = Math.max(status, execute(raw, reply, c));
                }
                return status;
            }
            return interactive(raw, reply, node);
        } catch (IOException e) {
            err.println("mqshell: cannot attach to " + node + ": " + e.getMessage());
            return 1;
        }
    }

    private int interactive(OutputStream raw, BufferedReader reply, String node) throws IOException {
        BufferedReader terminal = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        out.println("Attached to " + node + ". Commands: mq:status, mq:config, mq:mode, mq:store, ... ('exit' ends)");
        while (true) {
            out.print(node + "> ");
            out.flush();
            String line = terminal.readLine();
            if (line == null || line.trim().equals("exit")) {
                send(raw, "exit");
                out.println();
                return 0;
            }
            execute(raw, reply, line);
        }
    }

    /** Sends one command and prints its output; returns its status. */
    private int execute(OutputStream raw, BufferedReader reply, String command) throws IOException {
        send(raw, command.replace('\n', ' '));
        while (true) {
            String line = reply.readLine();
            if (line == null) {
                throw new IOException("the node closed the console");
            }
            if (!line.isEmpty() && line.charAt(0) == END) {
                return line.substring(1).trim().equals("0") ? 0 : 1;
            }
            out.println(line);
        }
    }

    private static void send(OutputStream raw, String line) throws IOException {
        raw.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        raw.flush();
    }
}
