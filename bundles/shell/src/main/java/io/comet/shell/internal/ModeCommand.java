package io.comet.shell.internal;

import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mq:mode}: the node's role, flush and replication settings ({@code brokerRole}, {@code flushDiskType},
 * and the HA keys when installed) with the live figures of the {@code store}, {@code flush}, {@code ha} and
 * {@code broker} status sources; {@code mq:mode role R}, {@code mq:mode flush F} (or both) change them live through
 * the configuration service, which validates, applies and writes them back to the node's file.
 */
final class ModeCommand {
    static final String USAGE = "usage: mq:mode [role ASYNC_MASTER|SYNC_MASTER|SLAVE] [flush SYNC_FLUSH|ASYNC_FLUSH]";
    static final List<String> SOURCES = List.of("broker", "store", "flush", "ha");
    private static final Map<String, String> WORDS = Map.of("role", "brokerRole", "flush", "flushDiskType");
    private static final List<String> SHOWN = List.of("brokerRole", "flushDiskType", "haListenPort", "haMasterAddress",
            "haSendHeartbeatInterval", "enableControllerMode", "enableDLegerCommitLog");

    private ModeCommand() { }

    static String run(ConfigService config, List<StatusReport.Section> sections, List<String> args) {
        if (!args.isEmpty()) {
            String changed = change(config, args);
            if (changed != null) {
                return changed;
            }
        }
        StringBuilder out = new StringBuilder();
        Columns settings = new Columns("  ");
        if (config != null) {
            Map<String, String> current = config.current();
            for (String key : SHOWN) {
                if (current.containsKey(key)) {
                    settings.row(key, current.get(key));
                }
            }
        }
        out.append("Settings\n").append(settings.isEmpty() ? "  (no role, flush or HA keys in this node)\n"
                : settings.render());
        for (StatusReport.Section s : sections) {
            if (SOURCES.contains(s.name())) {
                Columns c = new Columns("  ");
                s.figures().forEach((k, v) -> c.row(k, String.valueOf(v)));
                out.append(s.name()).append('\n').append(c.isEmpty() ? "  (no figures)\n" : c.render());
            }
        }
        return out.toString().stripTrailing();
    }

    /** Applies {@code role X} / {@code flush Y}; returns the error text, or null when applied. */
    private static String change(ConfigService config, List<String> args) {
        if (args.size() % 2 != 0) {
            return "mq:mode takes WORD VALUE pairs\n" + USAGE;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String key = WORDS.get(args.get(i));
            if (key == null) {
                return "unknown setting '" + args.get(i) + "'\n" + USAGE;
            }
            changes.put(key, args.get(i + 1).toUpperCase());
        }
        if (config == null) {
            return "The configuration service is not available: the node's configuration is not loaded.";
        }
        try {
            config.update(changes, "gogo mq:mode");
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "the change could not be applied: " + e.getMessage();
        }
        return null;
    }
}
