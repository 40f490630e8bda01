package io.comet.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.common.Json;
import java.io.IOException;

/**
 * The text of {@code mq:ha}: the broker's answer to GET_BROKER_HA_STATUS (907, RocketMQ 5's {@code HARuntimeInfo}
 * JSON) as a table. A master shows its commit-log end and, per connected slave, the acked offset, how many bytes
 * it is behind and whether it is in sync; a slave shows the master's HA address it follows, whether it is
 * connected and its own commit-log end.
 */
final class HaReport {
    /** RocketMQ 5's GET_BROKER_HA_STATUS. */
    static final int GET_BROKER_HA_STATUS = 907;

    private HaReport() { }

    static String format(String body) {
        JsonNode info;
        try {
            info = Json.mapper().readTree(body);
        } catch (IOException e) {
            return "the broker's HA status could not be read: " + e.getMessage();
        }
        StringBuilder out = new StringBuilder();
        if (info.path("master").asBoolean()) {
            JsonNode slaves = info.path("haConnectionInfo");
            out.append("role               master\n")
                    .append("commitLogMaxOffset ").append(info.path("masterCommitLogMaxOffset").asLong()).append('\n')
                    .append("slaves             ").append(slaves.size()).append(" (")
                    .append(info.path("inSyncSlaveNums").asInt()).append(" in sync)\n");
            Columns c = new Columns("  ").row("slave", "ackedOffset", "behind", "status");
            for (JsonNode s : slaves) {
                c.row(s.path("addr").asText(), String.valueOf(s.path("slaveAckOffset").asLong()),
                        String.valueOf(s.path("diff").asLong()), s.path("inSync").asBoolean() ? "OK" : "Fall Behind");
            }
            out.append(slaves.isEmpty() ? "" : c.render());
        } else {
            JsonNode c = info.path("haClientRuntimeInfo");
            out.append("role               slave\n")
                    .append("masterHaAddress    ").append(c.path("masterAddr").asText("(unknown)")).append('\n')
                    .append("connected          ").append(c.path("activated").asBoolean()).append('\n')
                    .append("commitLogMaxOffset ").append(c.path("maxOffset").asLong()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
