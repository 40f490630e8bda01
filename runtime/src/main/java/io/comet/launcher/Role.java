package io.comet.launcher;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of node the launcher starts. Each role has a script ({@code bin/mq<role>}), a default configuration
 * file under {@code conf/}, a log file name (RocketMQ's: {@code namesrv.log}, {@code broker.log},
 * {@code controller.log}), the bundle that must be present in {@code feature/<role>/} for the role to run, and
 * the port that names its pid file when the configuration file does not set {@code listenPort}.
 */
public enum Role {
    NAMESRV("namesrv", "conf/namesrv.properties", "io.comet.namesrv", 9876),
    BROKER("broker", "conf/broker.conf", "io.comet.broker", 10911),
    CONTROLLER("controller", "conf/controller/controller.conf", "io.comet.controller", 19876);

    private final String id;
    private final String defaultConfigFile;
    private final String roleBundle;
    private final int defaultPort;

    Role(String id, String defaultConfigFile, String roleBundle, int defaultPort) {
        this.id = id;
        this.defaultConfigFile = defaultConfigFile;
        this.roleBundle = roleBundle;
        this.defaultPort = defaultPort;
    }

    /** The role's name as users type it: {@code namesrv}, {@code broker}, {@code controller}. */
    public String id() { return id; }

    /** The configuration file used without {@code -c}, relative to the distribution's home. */
    public String defaultConfigFile() { return defaultConfigFile; }

    /** Bundle-SymbolicName of the bundle without which the role cannot run. */
    public String roleBundle() { return roleBundle; }

    /** The port RocketMQ uses for this role when {@code listenPort} is not configured. */
    public int defaultPort() { return defaultPort; }

    /** The script that starts this role. */
    public String script() { return "mq" + id; }

    /** The log file this role writes in the logs folder (RocketMQ's name). */
    public String logFile() { return id + ".log"; }

    /**
     * @throws UsageException naming the word and the valid roles when {@code word} is not a role
     */
    public static Role of(String word) throws UsageException {
        for (Role r : values()) {
            if (r.id.equals(word.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new UsageException("unknown role '" + word + "': expected one of " + ids());
    }

    /** The role names separated by {@code |}, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining("|"));
    }
}
