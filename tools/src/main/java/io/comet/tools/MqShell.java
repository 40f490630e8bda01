package io.comet.tools;

import io.comet.tools.internal.ShellClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code bin/mqshell [role] [port-or-name] [-c COMMAND]...}: attaches to the console of a Comet node running in the
 * background on this machine (found by its files in {@code $COMET_RUN_DIR}, default {@code ~/.comet/run}) and
 * runs Gogo commands there ({@code mq:status}, {@code mq:config}, {@code lb}, ...): interactively, or each
 * {@code -c} command and exit. Exit status: 0 done, 1 no node, refused, or a command failed, 2 wrong command line.
 */
public final class MqShell {
    private MqShell() { }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv()));
    }

    /** Runs one command line; returns the exit status. Never calls {@link System#exit}. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return new ShellClient(in, out, err, env).run(args);
    }
}
