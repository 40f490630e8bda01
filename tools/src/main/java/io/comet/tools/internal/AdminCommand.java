package io.comet.tools.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One mqadmin command: its name, one-line description, options (the common {@code -h} and {@code -n} are added
 * here) and what it does.
 *
 * @param name        the command name users type (RocketMQ's)
 * @param description the line {@code mqadmin help} shows
 * @param options     the command's own options
 * @param action      the work, given the parsed options and a session
 */
public record AdminCommand(String name, String description, List<Option> options, Action action) {
    /** Help switch every command has. */
    public static final Option HELP = Option.flag("h", "help", "Print help");
    /** Name server list every command has. */
    public static final Option NAMESRV = Option.arg("n", "namesrvAddr", false,
            "Name server address list, eg: '192.168.0.1:9876;192.168.0.2:9876'");

    /** The work of a command. */
    @FunctionalInterface
    public interface Action {
        void run(ParsedArgs args, AdminSession session) throws UsageException, AdminException;
    }

    public AdminCommand {
        List<Option> all = new ArrayList<>(options);
        all.add(HELP);
        all.add(NAMESRV);
        options = List.copyOf(all);
    }

    public String usage() {
        return Usage.of(name, options);
    }
}
