package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.remoting.RemotingCommand;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code haStatus}: a broker group's replication state from GET_BROKER_HA_STATUS (907), in the layout of RocketMQ
 * 5's tool. A master prints its commit-log end, its slaves and, per slave, the acked offset and how many bytes it
 * is behind; a slave prints the master it follows and its own commit-log end. With {@code -c}, every master of the
 * cluster (as RocketMQ's tool).
 */
final class HaCommands {
    /** RocketMQ 5's GET_BROKER_HA_STATUS. */
    static final int GET_BROKER_HA_STATUS = 907;

    private HaCommands() { }

    static List<AdminCommand> all() {
        return List.of(new AdminCommand("haStatus", "Fetch ha runtime status data.", List.of(
                arg("c", "clusterName", false, "which cluster"),
                arg("b", "brokerAddr", false, "which broker to fetch"),
                arg("i", "interval", false, "the interval(second) of get info")), HaCommands::haStatus));
    }

    private static void haStatus(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        if (!a.has("b") && !a.has("c")) {
            throw new UsageException("haStatus needs -b brokerAddr or -c clusterName");
        }
        String broker = a.has("b") ? AdminSession.checkAddr(a.get("b"), "broker address") : null;
        Repeating.run(Repeating.interval(a, "i"), () -> {
            List<String> addrs = broker != null ? List.of(broker)
                    : List.copyOf(Requests.masters(Requests.clusterInfo(s), a.get("c")).values());
            for (String addr : addrs) {
                print(s.out(), addr, Requests.json(s, addr, RemotingCommand.request(GET_BROKER_HA_STATUS)));
            }
        });
    }

    /** RocketMQ's HAStatusSubCommand layout. */
    static void print(PrintStream out, String addr, JsonNode info) {
        if (info.path("master").asBoolean()) {
            JsonNode slaves = info.path("haConnectionInfo");
            out.printf("%n#MasterAddr\t%s%n#MasterCommitLogMaxOffset\t%d%n#SlaveNum\t%d%n#InSyncSlaveNum\t%d%n", addr,
                    info.path("masterCommitLogMaxOffset").asLong(), slaves.size(),
                    info.path("inSyncSlaveNums").asInt());
            out.printf("%-32s  %-16s %16s %16s %16s %16s%n", "#SlaveAddr", "#SlaveAckOffset", "#Diff",
                    "#TransferSpeed(KB/s)", "#Status", "#TransferFromWhere");
            for (JsonNode c : slaves) {
                out.printf("%-32s  %-16d %16d %16.2f %16s %16d%n", c.path("addr").asText(),
                        c.path("slaveAckOffset").asLong(), c.path("diff").asLong(),
                        c.path("transferredByteInSecond").asLong() / 1024.0,
                        c.path("inSync").asBoolean() ? "OK" : "Fall Behind", c.path("transferFromWhere").asLong());
            }
        } else {
            JsonNode c = info.path("haClientRuntimeInfo");
            out.printf("%n#MasterAddr\t%s%n", c.path("masterAddr").asText(null));
            out.printf("#CommitLogMaxOffset\t%d%n", c.path("maxOffset").asLong());
            out.printf("#TransferSpeed(KB/s)\t%.2f%n", c.path("transferredByteInSecond").asLong() / 1024.0);
            out.printf("#LastReadTime\t%s%n", Formats.millis(c.path("lastReadTimestamp").asLong()));
            out.printf("#LastWriteTime\t%s%n", Formats.millis(c.path("lastWriteTimestamp").asLong()));
            out.printf("#MasterFlushOffset\t%s%n", c.path("masterFlushOffset").asLong());
        }
    }
}
