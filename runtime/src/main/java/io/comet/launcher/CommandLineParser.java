package io.comet.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code <role> [options]}. Options follow RocketMQ's scripts: {@code -c/--configFile <file>},
 * {@code -n/--namesrvAddr <addr[;addr...]>} ({@code ;} or {@code ,} between addresses),
 * {@code -p/--printConfigItem}, {@code -h/--help}, plus {@code --console}. A value may be attached
 * ({@code -cfile}, {@code --configFile=file}). Anything else is refused with a message naming the culprit.
 */
public final class CommandLineParser {

    private CommandLineParser() {
    }

    /**
     * @param args the role followed by options
     * @throws UsageException when the role is missing or unknown, an option is unknown, repeated or lacks its
     *                        value, or an address is not {@code host:port}
     */
    public static CommandLine parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("missing role: expected one of " + Role.ids());
        }
        Role role = Role.of(args.get(0));
        String configFile = null;
        List<String> addrs = null;
        boolean print = false;
        boolean help = false;
        boolean console = false;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            Option opt = Option.match(arg);
            if (opt == null) {
                throw new UsageException(arg.startsWith("-") ? "unknown option '" + arg + "'"
                        : "unexpected argument '" + arg + "'");
            }
            String value = null;
            if (opt.takesValue) {
                value = opt.attachedValue(arg);
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
                        throw new UsageException("option " + opt.shortName + " needs a value (" + opt.valueName + ")");
                    }
                    value = args.get(++i);
                }
                if (value.isBlank()) {
                    throw new UsageException("option " + opt.shortName + " needs a value (" + opt.valueName + ")");
                }
            }
            switch (opt) {
                case CONFIG -> {
                    if (configFile != null) {
                        throw new UsageException("option -c given twice");
                    }
                    configFile = value;
                }
                case NAMESRV -> {
                    if (addrs != null) {
                        throw new UsageException("option -n given twice: list the addresses separated by ';'");
                    }
                    addrs = parseAddresses(value);
                }
                case PRINT -> print = true;
                case HELP -> help = true;
                case CONSOLE -> console = true;
                default -> throw new IllegalStateException(opt.name());
            }
        }
        if (print && console) {
            throw new UsageException("options -p and --console exclude each other");
        }
        return new CommandLine(role, Optional.ofNullable(configFile), addrs == null ? List.of() : addrs,
                print, help, console);
    }

    /**
     * Splits a name server list on {@code ;} or {@code ,}; empty entries (a trailing {@code ;}) are skipped.
     *
     * @throws UsageException naming the first entry that is not {@code host:port} with a port in 1..65535
     */
    static List<String> parseAddresses(String list) throws UsageException {
        List<String> out = new ArrayList<>();
        for (String raw : list.split("[;,]")) {
            String addr = raw.trim();
            if (addr.isEmpty()) {
                continue;
            }
            int colon = addr.lastIndexOf(':');
            String host = colon < 0 ? "" : addr.substring(0, colon);
            String port = colon < 0 ? "" : addr.substring(colon + 1);
            if (host.isEmpty() || !validPort(port) || host.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageException("-n: '" + addr + "' is not a name server address host:port "
                        + "(port 1-65535), in '" + list + "'");
            }
            out.add(addr);
        }
        if (out.isEmpty()) {
            throw new UsageException("-n: no name server address in '" + list + "'");
        }
        return out;
    }

    private static boolean validPort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int p = Integer.parseInt(s);
        return p >= 1 && p <= 65535;
    }

    /** Usage text for {@code bin/mq<role>}. */
    public static String usage(Role role) {
        String names = role == null ? "io.comet.launcher.Main <" + Role.ids() + ">" : "bin/" + role.script();
        String defaultFile = role == null ? "conf/<role file>" : role.defaultConfigFile();
        return "usage: " + names + " [-c <file>] [-n <addr>] [-p] [-h] [--console]\n"
                + " -c,--configFile <file>      RocketMQ properties file of this node (default " + defaultFile + ")\n"
                + " -n,--namesrvAddr <addr>     name server list, e.g. 192.168.0.1:9876;192.168.0.2:9876 (';' or ',')\n"
                + " -p,--printConfigItem        print every configuration item with its value and exit\n"
                + " -h,--help                   print this help and exit\n"
                + "    --console                run in the foreground with an interactive Gogo shell\n"
                + "environment: JAVA_HOME, JAVA_OPT, ROCKETMQ_LOG_DIR (logs, default ~/logs/rocketmqlogs),\n"
                + "             COMET_RUN_DIR (pid files, default ~/.comet/run)\n";
    }

    private enum Option {
        CONFIG("-c", "--configFile", "a properties file"),
        NAMESRV("-n", "--namesrvAddr", "name server addresses host:port[;host:port]"),
        PRINT("-p", "--printConfigItem", null),
        HELP("-h", "--help", null),
        CONSOLE(null, "--console", null);

        final String shortName;
        final String longName;
        final String valueName;
        final boolean takesValue;

        Option(String shortName, String longName, String valueName) {
            this.shortName = shortName == null ? longName : shortName;
            this.longName = longName;
            this.valueName = valueName;
            this.takesValue = valueName != null;
        }

        static Option match(String arg) {
            for (Option o : values()) {
                if (arg.equals(o.shortName) || arg.equals(o.longName)
                        || (o.takesValue && (arg.startsWith(o.longName + "=")
                        || (arg.startsWith(o.shortName) && arg.length() > 2 && !arg.startsWith("--"))))) {
                    return o;
                }
            }
            return null;
        }

        String attachedValue(String arg) {
            if (arg.startsWith(longName + "=")) {
                return arg.substring(longName.length() + 1);
            }
            if (!arg.equals(shortName) && !arg.equals(longName)) {
                return arg.substring(shortName.length());
            }
            return null;
        }
    }
}
