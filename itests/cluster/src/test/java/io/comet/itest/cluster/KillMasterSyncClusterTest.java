package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 5 acceptance, synchronous double write: the shipped {@code conf/2m-2s-sync/} (two SYNC_MASTERs, each with
 * a slave) and a NameServer as five processes. broker-a's master is killed with {@code kill -9} while three
 * producer threads send asynchronously ({@link #IN_FLIGHT} sends under way each, so many are in flight at the
 * kill); every message acknowledged with SEND_OK - before the kill by either master, after it by
 * broker-b - is then consumed, with its content, by a push consumer started after the kill while broker-a's master
 * is still down: broker-a's share can only come from its slave.
 */
@Timeout(180)
class KillMasterSyncClusterTest extends KillMasterClusterTest {
    static final int IN_FLIGHT = 16;

    @Test
    void everyAcknowledgedSendSurvivesAKilledSyncMasterAndIsConsumedFromItsSlave() throws Exception {
        Load load = killMasterOfBrokerAUnderLoad("2m-2s-sync", IN_FLIGHT);
        List<Outcome> acked = load.all().stream().filter(Outcome::ok).toList();
        List<Outcome> ackedByA = load.acknowledged("broker-a");
        assertTrue(ackedByA.size() >= ACKED_BEFORE_KILL, "broker-a acknowledged messages before the kill: "
                + ackedByA.size());

        Map<String, List<String>> received = consume(acked, 60);
        phase("consumed " + received.size() + " messages");
        assertReceivedWithContent(acked, received);
        assertFalse(cluster.node("broker-a").process().isAlive(), "broker-a's master stayed down while its "
                + ackedByA.size() + " acknowledged messages were consumed (from its slave)");
    }
}
