package io.comet.shell.internal;

import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code mq:config}: with no arguments lists every key, its value and the PID that owns it; {@code get KEY}
 * shows one key; {@code set KEY VALUE [KEY VALUE ...]} changes keys through {@link ConfigService} (validated
 * all together, applied live, written back to the node's file). Answers are text; a refused change answers with
 * the {@link ConfigException} message, bad arguments with the usage line.
 */
final class ConfigCommand {
    static final String USAGE = "usage: mq:config [get KEY | set KEY VALUE [KEY VALUE ...]]";
    static final String SOURCE = "gogo";

    private ConfigCommand() { }

    /** Runs the command against {@code service} (null when the configuration is not loaded). */
    static String run(ConfigService service, List<String> args) {
        if (service == null) {
            return "The configuration service is not available: the node's configuration is not loaded.";
        }
        if (args.isEmpty()) {
            return list(service);
        }
        String verb = args.get(0);
        if ("get".equals(verb) && args.size() == 2) {
            return get(service, args.get(1));
        }
        if ("set".equals(verb) && args.size() >= 3 && args.size() % 2 == 1) {
            return set(service, args.subList(1, args.size()));
        }
        if ("get".equals(verb)) {
            return "mq:config get takes exactly one key\n" + USAGE;
        }
        if ("set".equals(verb)) {
            return "mq:config set takes KEY VALUE pairs\n" + USAGE;
        }
        return "unknown sub-command '" + verb + "'\n" + USAGE;
    }

    private static String list(ConfigService service) {
        SortedMap<String, String> current = service.current();
        Columns table = new Columns("").row("KEY", "VALUE", "PID");
        current.forEach((k, v) -> table.row(k, v, String.valueOf(service.pidOf(k))));
        String file = service.file();
        return table.render() + current.size() + " keys" + (file == null ? ", no configuration file"
                : " from " + file);
    }

    private static String get(ConfigService service, String key) {
        String value = service.current().get(key);
        String pid = service.pidOf(key);
        if (pid == null) {
            return "unknown key '" + key + "': 'mq:config' lists the keys of this node";
        }
        return key + "=" + (value == null ? "" : value) + "  (" + pid + (value == null ? ", no value" : "") + ")";
    }

    private static String set(ConfigService service, List<String> pairs) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            changes.put(pairs.get(i), pairs.get(i + 1));
        }
        try {
            service.update(changes, SOURCE);
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "the change could not be applied: " + e.getMessage();
        }
        StringBuilder out = new StringBuilder("updated");
        changes.forEach((k, v) -> out.append(' ').append(k).append('=').append(service.current().get(k)));
        return out.toString();
    }
}
