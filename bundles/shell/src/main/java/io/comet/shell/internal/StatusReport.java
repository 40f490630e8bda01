package io.comet.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The text of {@code mq:status}: the node (role, uptime, configuration file, JVM), its listening endpoints and
 * the figures of every status source, in the order given.
 *
 * @param role       the node's role, or null
 * @param uptime     time since the JVM started
 * @param configFile the node's properties file, or null
 * @param jvm        VM name and version
 * @param endpoints  listening servers; null when the remoting bundle is not installed
 * @param sections   one per {@code StatusSource}: its name and figures
 */
record StatusReport(String role, Duration uptime, String configFile, String jvm, List<Endpoint> endpoints,
                    List<Section> sections) {

    /** A listening server. */
    record Endpoint(String name, int port) { }

    /** What one status source reported. */
    record Section(String name, Map<String, Object> figures) { }

    String render() {
        StringBuilder out = new StringBuilder("Comet node\n");
        out.append(new Columns("  ")
                .row("role", role == null ? "(not set)" : role)
                .row("uptime", format(uptime))
                .row("config file", configFile == null ? "(none)" : configFile)
                .row("JVM", jvm)
                .render());
        out.append("Endpoints\n");
        if (endpoints == null) {
            out.append("  (remoting is not installed)\n");
        } else if (endpoints.isEmpty()) {
            out.append("  (none listening)\n");
        } else {
            Columns c = new Columns("  ");
            endpoints.forEach(e -> c.row(e.name(), "port " + e.port()));
            out.append(c.render());
        }
        for (Section s : sections) {
            out.append(s.name()).append('\n');
            Columns c = new Columns("  ");
            s.figures().forEach((k, v) -> c.row(k, String.valueOf(v)));
            out.append(c.isEmpty() ? "  (no figures)\n" : c.render());
        }
        return out.toString().stripTrailing();
    }

    /** {@code 2d 03h 04m 05s}, leading zero units left out. */
    static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s / 3600 % 24;
        long minutes = s / 60 % 60;
        long seconds = s % 60;
        if (days > 0) {
            return String.format("%dd %02dh %02dm %02ds", days, hours, minutes, seconds);
        }
        if (hours > 0) {
            return String.format("%dh %02dm %02ds", hours, minutes, seconds);
        }
        if (minutes > 0) {
            return String.format("%dm %02ds", minutes, seconds);
        }
        return seconds + "s";
    }
}
