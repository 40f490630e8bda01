package io.comet.ha;

import java.util.function.Consumer;

/**
 * The replication role of a broker and the hand-over between roles. Each change is an ordered sequence of steps
 * run in place (no component restart, the store stays open, no client connection of the broker is touched):
 *
 * <ul>
 * <li><b>ASYNC_MASTER -&gt; SYNC_MASTER</b>: appends whose {@link ReplicationGate#awaitReplicated} call comes after
 *     the switch wait for slaves; earlier ones were already answered PUT_OK.</li>
 * <li><b>SYNC_MASTER -&gt; ASYNC_MASTER</b>: every pending waiter completes PUT_OK at once (the ASYNC promise),
 *     none is failed.</li>
 * <li><b>SLAVE -&gt; master</b> (promotion): stop following (the HA client is closed and no append is in
 *     progress afterwards), drop a partial entry at the end of the log, start a new master epoch at the log end,
 *     confirm offset = log end, accept writes, start the HA server.</li>
 * <li><b>master -&gt; SLAVE</b> (demotion): stop accepting writes (new gate calls answer SLAVE_NOT_AVAILABLE), stop
 *     the HA server and drop its slaves, complete pending SYNC waiters that no slave acknowledged with
 *     SLAVE_NOT_AVAILABLE (the message is stored here but the new master may not have it), then follow the
 *     master: its handshake compares epochs, this node truncates everything the new master does not have, then
 *     copies from there.</li>
 * </ul>
 * Changing only the master address of a slave reconnects to the new address (with the same truncation check).
 */
public interface HaService {
    /** The role in force. */
    HaRole role();

    /**
     * Runs the ordered hand-over to {@code newRole}; returns when it is done (a slave may still be connecting).
     *
     * @param masterHaAddress for SLAVE: the master's HA address {@code host:port}, or null to keep the known one
     *                        (from {@code haMasterAddress} or {@link #updateMasterAddress}); ignored for masters
     */
    void changeRole(HaRole newRole, String masterHaAddress);

    /**
     * The master HA address learned from the NameServer ({@code haServerAddr} of a REGISTER_BROKER response). A
     * slave connects there (reconnecting when it changed) unless {@code haMasterAddress} is configured; a master
     * remembers it for a later demotion. Null or blank is ignored.
     */
    void updateMasterAddress(String masterHaAddress);

    /** Operator figures. */
    HaStatus haStatus();

    /**
     * The HA port this node publishes ({@code haServerAddr} = announced host + this port): the bound port while
     * master, otherwise the configured {@code haListenPort} (0 when it is "any free port").
     */
    int haListenPort();

    /**
     * Calls {@code listener} with the new role after each completed hand-over of {@link #changeRole} (whether
     * started through the API or a ConfigAdmin change of {@code brokerRole}), on the thread that ran it, in
     * order. Listeners must be short and must not call {@link #changeRole}. A failing listener is logged and does
     * not stop the others.
     *
     * @return closing it removes the listener
     */
    AutoCloseable addRoleListener(Consumer<HaRole> listener);
}
