package io.comet.ha;

import java.util.List;

/**
 * A snapshot of the HA service for operators.
 *
 * @param role            the role in force
 * @param epoch           this node's last known master epoch (see the epoch file in the HA bundle)
 * @param listenAddress   master: the bound HA address ({@code host:port}); slave: null
 * @param masterAddress   slave: the master's HA address it follows (null when unknown); master: null
 * @param masterConnected slave: true while the connection to the master is established
 * @param slaves          master: the connected slaves
 * @param replicatedOffset master: the offset the required slaves all hold (what SYNC waiters are completed to)
 * @param pendingWaiters  master: SYNC waiters not completed yet
 */
public record HaStatus(HaRole role, long epoch, String listenAddress, String masterAddress, boolean masterConnected,
                       List<SlaveState> slaves, long replicatedOffset, int pendingWaiters) {}
