package io.comet.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a node lives and what the launcher hands to its bundles, computed from the command line, the environment
 * and system properties. {@link #bundleProperties()} is the contract with the bundles (documented in
 * {@code docs/runtime.md}): {@code comet.home}, {@code comet.role}, {@code comet.config.file},
 * {@code comet.namesrvAddr} (only with {@code -n}), {@code comet.logs.dir}, {@code comet.run.dir},
 * {@code comet.console}.
 *
 * <p>Precedence: the logs folder is {@code -Dcomet.logs.dir}, else {@code $ROCKETMQ_LOG_DIR}, else
 * {@code ~/logs/rocketmqlogs}; the run folder (pid files, framework cache) is {@code -Dcomet.run.dir}, else
 * {@code $COMET_RUN_DIR}, else {@code ~/.comet/run}.
 */
public record NodeSettings(CommandLine commandLine, Path home, Path configFile, Path logsDir, Path runDir,
                           String nodeName) {

    /**
     * @param env    the process environment
     * @param sys    the system properties ({@code comet.home} is required)
     * @throws LaunchException when the home is not set or the configuration file is missing or unreadable
     */
    public static NodeSettings resolve(CommandLine cl, Map<String, String> env, Properties sys)
            throws LaunchException {
        String homeProp = sys.getProperty("comet.home");
        if (homeProp == null || homeProp.isBlank()) {
            throw new LaunchException("comet.home is not set: start the node with bin/" + cl.role().script());
        }
        Path home = Path.of(homeProp).toAbsolutePath().normalize();
        Path config = cl.configFile()
                .map(f -> Path.of(f).toAbsolutePath().normalize())
                .orElse(home.resolve(cl.role().defaultConfigFile()));
        String from = cl.configFile().isPresent() ? " (-c " + cl.configFile().get() + ")" : " (default of the "
                + cl.role().id() + " role)";
        if (!Files.isRegularFile(config)) {
            throw new LaunchException("configuration file not found: " + config + from);
        }
        if (!Files.isReadable(config)) {
            throw new LaunchException("configuration file not readable: " + config + from);
        }
        String userHome = sys.getProperty("user.home");
        Path logs = Path.of(first(sys.getProperty("comet.logs.dir"), env.get("ROCKETMQ_LOG_DIR"),
                userHome + "/logs/rocketmqlogs")).toAbsolutePath().normalize();
        Path run = Path.of(first(sys.getProperty("comet.run.dir"), env.get("COMET_RUN_DIR"),
                userHome + "/.comet/run")).toAbsolutePath().normalize();
        return new NodeSettings(cl, home, config, logs, run, cl.role().id() + "-"
                + nodeId(cl.role(), config, ProcessHandle.current().pid()));
    }

    /**
     * Names the node after its port, as the pid file does: {@code listenPort} from the file, else the
     * controller's {@code controllerDLegerSelfId}, else the role's default port. {@code listenPort=0} (an
     * ephemeral port, which any number of nodes may use) gives {@code 0-<pid>}, so such nodes never share a name.
     */
    static String nodeId(Role role, Path configFile, long pid) throws LaunchException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException("cannot read configuration file " + configFile + ": " + e.getMessage(), e);
        }
        String port = trimmed(p.getProperty("listenPort"));
        if (port != null) {
            if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
                throw new LaunchException("invalid configuration in " + configFile + ": listenPort=" + port
                        + " - a port number 0-65535");
            }
            return Integer.parseInt(port) == 0 ? "0-" + pid : port;
        }
        String self = trimmed(p.getProperty("controllerDLegerSelfId"));
        if (role == Role.CONTROLLER && self != null && self.matches("[A-Za-z0-9_.]+")) {
            return self;
        }
        return Integer.toString(role.defaultPort());
    }

    /** The role being started. */
    public Role role() { return commandLine.role(); }

    /** {@code <runDir>/<role>-<port or name>.pid} ({@code <role>-0-<pid>.pid} for listenPort=0), the file
     * {@code bin/mqshutdown} looks for. */
    public Path pidFile() { return runDir.resolve(nodeName + ".pid"); }

    /** The framework's private storage; cleaned on first init, removed on a clean stop. */
    public Path frameworkCache() { return runDir.resolve(nodeName + ".felix-cache"); }

    /** The role's log file, as RocketMQ names it. */
    public Path logFile() { return logsDir.resolve(role().logFile()); }

    /** Properties every bundle can read (set both as system and as framework properties). */
    public Map<String, String> bundleProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("comet.home", home.toString());
        m.put("comet.role", role().id());
        m.put("comet.config.file", configFile.toString());
        commandLine.namesrvAddr().ifPresent(a -> m.put("comet.namesrvAddr", a));
        m.put("comet.logs.dir", logsDir.toString());
        m.put("comet.run.dir", runDir.toString());
        m.put("comet.node", nodeName);
        m.put("comet.console", Boolean.toString(commandLine.console()));
        return m;
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        throw new IllegalArgumentException("no candidate");
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
