package io.comet.launcher;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Starts a Comet node: {@code java -Dcomet.home=<dist> -cp '<dist>/lib/*' io.comet.launcher.Main
 * namesrv|broker|controller [options]}. The {@code bin/mq<role>} scripts run it. See
 * {@link CommandLineParser} for the options and {@code docs/runtime.md} for what the launcher does.
 *
 * <p>Exit status: 0 after a clean stop (or {@code -h}, {@code -p}); 1 when the node cannot start (missing
 * file, unavailable role, a bundle refused the configuration); 2 for a wrong command line (the usage is printed).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("comet.home") == null) {
            homeFromJar().ifPresent(h -> System.setProperty("comet.home", h.toString()));
        }
        int status = run(Arrays.asList(args), System.getenv(), System.getProperties(), System.out, System.err);
        System.out.flush();
        System.exit(status); // during a signal-initiated shutdown this waits for the hook, then the JVM halts
    }

    /**
     * Parses the command line and runs the node in this JVM, returning the exit status.
     *
     * @param env the process environment ({@code ROCKETMQ_LOG_DIR}, {@code COMET_RUN_DIR})
     * @param sys the system properties ({@code comet.home} and overrides such as {@code comet.logs.dir})
     */
    public static int run(List<String> args, Map<String, String> env, Properties sys, PrintStream out,
                          PrintStream err) {
        CommandLine cl;
        try {
            cl = CommandLineParser.parse(args);
        } catch (UsageException e) {
            Role role = roleOrNull(args);
            err.println((role == null ? "comet" : role.script()) + ": " + e.getMessage());
            err.print(CommandLineParser.usage(role));
            return 2;
        }
        if (cl.help()) {
            out.print(CommandLineParser.usage(cl.role()));
            return 0;
        }
        try {
            NodeSettings settings = NodeSettings.resolve(cl, env, sys);
            Distribution dist = Distribution.at(settings.home());
            Node node = new Node(settings, dist, out, err);
            return cl.printConfig() ? ConfigPrinter.print(node, settings, dist, out, err) : node.run();
        } catch (LaunchException e) {
            err.println(cl.role().script() + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code <home>} when this class runs from {@code <home>/lib/*.jar} ({@code java -jar lib/comet-launcher.jar}). */
    static Optional<Path> homeFromJar() {
        try {
            CodeSource cs = Main.class.getProtectionDomain().getCodeSource();
            Path jar = cs == null ? null : Path.of(cs.getLocation().toURI());
            if (jar != null && Files.isRegularFile(jar) && jar.getParent() != null
                    && jar.getParent().getFileName().toString().equals("lib")) {
                return Optional.ofNullable(jar.getParent().getParent());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through: comet.home stays unset and the launcher says how to start
        }
        return Optional.empty();
    }

    private static Role roleOrNull(List<String> args) {
        try {
            return args.isEmpty() ? null : Role.of(args.get(0));
        } catch (UsageException e) {
            return null;
        }
    }
}
