package io.comet.broker.internal.admin;

import io.comet.broker.internal.BrokerContext;
import io.comet.ha.HaStatus;
import io.comet.ha.SlaveState;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of GET_BROKER_HA_STATUS (907), RocketMQ 5's {@code HARuntimeInfo} JSON as {@code mqadmin haStatus}
 * reads it:
 *
 * <pre>
 * {"master":true, "masterCommitLogMaxOffset":N, "inSyncSlaveNums":N,
 *  "haConnectionInfo":[{"addr":"ip:port", "slaveAckOffset":N, "diff":N, "inSync":true,
 *                       "transferredByteInSecond":0, "transferFromWhere":N}],
 *  "haClientRuntimeInfo":{"masterAddr":"ip:haPort", "transferredByteInSecond":0, "maxOffset":N,
 *                         "lastReadTimestamp":0, "lastWriteTimestamp":0, "masterFlushOffset":0, "activated":true}}
 * </pre>
 *
 * A master fills the connection list (one entry per connected slave: its acked commit-log end and how many bytes it
 * is behind this broker's log end) and leaves the client part empty; a slave fills the client part (the master's
 * HA address, its own log end, whether it is connected) and has no connections. Comet's HA service does not count
 * transfer rates or read/write times, so those are 0; {@code transferFromWhere} is the slave's acked offset, where
 * Comet's master continues the transfer. A broker without replication answers as a master with no slaves.
 */
public final class HaRuntimeInfo {
    /** RocketMQ 5's request code; not in Comet's remoting table because only this processor serves it. */
    public static final int GET_BROKER_HA_STATUS = 907;

    /** One connected slave. */
    public record Connection(String addr, long slaveAckOffset, long diff, boolean inSync, long transferredByteInSecond,
                             long transferFromWhere) { }

    /** A slave's link to its master. */
    public record Client(String masterAddr, long transferredByteInSecond, long maxOffset, long lastReadTimestamp,
                         long lastWriteTimestamp, long masterFlushOffset, boolean activated) { }

    /** The whole body. */
    public record Body(boolean master, long masterCommitLogMaxOffset, int inSyncSlaveNums,
                       List<Connection> haConnectionInfo, Client haClientRuntimeInfo) { }

    private HaRuntimeInfo() { }

    /** The figures of the broker behind {@code ctx} now. */
    public static Body of(BrokerContext ctx) {
        long maxOffset = ctx.store().storeStatus().maxPhyOffset();
        HaStatus st = ctx.replication().haStatus();
        if (st == null || st.role().isMaster()) {
            List<Connection> connections = new ArrayList<>();
            int inSync = 0;
            for (SlaveState s : st == null ? List.<SlaveState>of() : st.slaves()) {
                long acked = Math.max(0, s.ackedOffset());
                connections.add(new Connection(s.address(), acked, Math.max(0, maxOffset - acked), s.inSync(), 0,
                        acked));
                inSync += s.inSync() ? 1 : 0;
            }
            return new Body(true, maxOffset, inSync, connections, new Client(null, 0, 0, 0, 0, 0, false));
        }
        return new Body(false, maxOffset, 0, List.of(),
                new Client(st.masterAddress(), 0, maxOffset, 0, 0, 0, st.masterConnected()));
    }
}
