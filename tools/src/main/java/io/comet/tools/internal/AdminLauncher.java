package io.comet.tools.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs one mqadmin command line: picks the command, handles {@code help}, {@code -h}, usage errors (stderr,
 * exit 2) and failures (stderr, exit 1), and prints the command list the way Apache's {@code mqadmin} does.
 */
public final class AdminLauncher {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public AdminLauncher(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        if (args.length == 0) {
            err.print(commandList());
            return USAGE;
        }
        String name = args[0];
        if (name.equals("help") || name.equals("-h") || name.equals("--help")) {
            if (args.length == 1) {
                out.print(commandList());
                return OK;
            }
            AdminCommand c = Commands.find(args[1]);
            if (c == null) {
                return unknown(args[1]);
            }
            out.print(c.usage());
            return OK;
        }
        AdminCommand command = Commands.find(name);
        if (command == null) {
            return unknown(name);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (List.of(rest).contains("-h") || List.of(rest).contains("--help")) {
            out.print(command.usage());
            return OK;
        }
        ParsedArgs parsed;
        List<String> namesrv;
        try {
            parsed = ArgParser.parse(command.options(), rest);
            namesrv = AdminSession.splitAddrs(namesrvAddr(parsed));
        } catch (UsageException e) {
            return usage(command, e);
        }
        try (AdminSession session = new AdminSession(namesrv, out, err)) {
            command.action().run(parsed, session);
            out.flush();
            return OK;
        } catch (UsageException e) {
            return usage(command, e);
        } catch (AdminException e) {
            out.flush();
            err.println(command.name() + " command failed: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            out.flush();
            err.println(command.name() + " command failed: " + e);
            return FAILED;
        }
    }

    private String namesrvAddr(ParsedArgs parsed) {
        if (parsed.has("n")) {
            return parsed.get("n");
        }
        String fromEnv = env.get("NAMESRV_ADDR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return System.getProperty("rocketmq.namesrv.addr");
    }

    private int usage(AdminCommand command, UsageException e) {
        err.println(e.getMessage());
        err.print(command.usage());
        return USAGE;
    }

    private int unknown(String name) {
        err.printf("The sub command %s not exist.%n", name);
        err.print(commandList());
        return USAGE;
    }

    static String commandList() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("The most commonly used mqadmin commands are:%n"));
        for (AdminCommand c : Commands.all()) {
            sb.append(String.format("   %-35s %s%n", c.name(), c.description()));
        }
        sb.append(String.format("%nSee 'mqadmin help <command>' for more information on a specific command.%n"));
        return sb.toString();
    }
}
