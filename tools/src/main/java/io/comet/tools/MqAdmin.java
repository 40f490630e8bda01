package io.comet.tools;

import io.comet.tools.internal.AdminLauncher;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code bin/mqadmin}: RocketMQ's admin commands (same names, options and output tables as Apache's
 * {@code mqadmin}) against Comet or any RocketMQ NameServer and broker, on Comet's remoting client.
 *
 * <p>Exit status: 0 done (also {@code -h}/{@code help}), 1 the command failed (the reason on stderr), 2 wrong
 * command line (the problem and the command's usage on stderr). The name server list comes from {@code -n}, else
 * the environment variable {@code NAMESRV_ADDR}, else the system property {@code rocketmq.namesrv.addr}.
 */
public final class MqAdmin {
    private MqAdmin() { }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command line; returns the exit status. Never calls {@link System#exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return new AdminLauncher(out, err, env).run(args);
    }
}
