package io.comet.shell.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code mq:pid}: the ConfigAdmin configurations of the node ({@code mq:pid} lists the PIDs with their number of
 * keys; {@code mq:pid PID} shows one configuration's keys and values, sorted; framework-added keys such as
 * {@code service.pid} included).
 */
final class PidCommand {
    private PidCommand() { }

    static String run(ConfigurationAdmin admin, List<String> args) {
        if (admin == null) {
            return "ConfigurationAdmin is not available in this node.";
        }
        if (args.size() > 1) {
            return "usage: mq:pid [PID]";
        }
        try {
            Configuration[] all = admin.listConfigurations(null);
            List<Configuration> configs = all == null ? List.of() : List.of(all);
            if (args.isEmpty()) {
                List<String> pids = new ArrayList<>();
                Map<String, Integer> sizes = new TreeMap<>();
                for (Configuration c : configs) {
                    Dictionary<String, Object> p = c.getProperties();
                    sizes.put(c.getPid(), p == null ? 0 : p.size());
                    pids.add(c.getPid());
                }
                Columns t = new Columns("").row("PID", "KEYS");
                sizes.forEach((pid, n) -> t.row(pid, String.valueOf(n)));
                return t.render() + pids.size() + " configurations";
            }
            for (Configuration c : configs) {
                if (c.getPid().equals(args.get(0))) {
                    Map<String, Object> sorted = new TreeMap<>();
                    Dictionary<String, Object> p = c.getProperties();
                    if (p != null) {
                        for (String k : Collections.list(p.keys())) {
                            sorted.put(k, p.get(k));
                        }
                    }
                    Columns t = new Columns("").row("KEY", "VALUE");
                    sorted.forEach((k, v) -> t.row(k, v instanceof Object[] ? String.join(",",
                            java.util.Arrays.stream((Object[]) v).map(String::valueOf).toList()) : String.valueOf(v)));
                    return c.getPid() + "\n" + t.render().stripTrailing();
                }
            }
            return "no configuration with PID '" + args.get(0) + "': 'mq:pid' lists them";
        } catch (IOException | InvalidSyntaxException e) {
            return "cannot read the configurations: " + e.getMessage();
        }
    }
}
