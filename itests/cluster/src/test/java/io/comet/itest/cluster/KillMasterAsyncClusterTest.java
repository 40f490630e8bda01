package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 5 acceptance, asynchronous replication: the shipped {@code conf/2m-2s-async/} and a NameServer as five
 * processes; broker-a's master is killed with {@code kill -9} while three producer threads send asynchronously
 * ({@link #ASYNC_IN_FLIGHT} sends under way each). An ASYNC_MASTER
 * acknowledges before its slave holds a message, so the slave may lack the newest acknowledged ones - the async
 * window. The test measures it (printed and written to {@code target/ha-async-window.txt}) and asserts what must
 * hold: a push consumer started after the kill, with broker-a's master still down, receives everything broker-b
 * acknowledged and every acknowledged broker-a message its slave holds, with content; what the slave lacks is the
 * newest part of broker-a's commit log only; and the restarted master still holds all of it.
 */
@Timeout(180)
class KillMasterAsyncClusterTest extends KillMasterClusterTest {
    /** Asynchronous sends each sender keeps under way: a high rate, so the master can run ahead of its slave. */
    static final int ASYNC_IN_FLIGHT = 32;

    @Test
    void theSlaveOfAKilledAsyncMasterLacksOnlyItsNewestAcknowledgedMessages() throws Exception {
        Load load = killMasterOfBrokerAUnderLoad("2m-2s-async", ASYNC_IN_FLIGHT);

        String slave = cluster.address("broker-a-s");
        long slaveLogEnd = Long.parseLong(admin.fetchBrokerRuntimeStats(slave).getTable().get("commitLogMaxOffset"));
        // the slave's consume queues, once it has dispatched everything it received
        long[] slaveQueueEnd = queueEnds(slave);
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            long[] again = queueEnds(slave);
            if (Arrays.equals(again, slaveQueueEnd)) {
                break;
            }
            slaveQueueEnd = again;
        }
        List<Outcome> ackedByA = load.acknowledged("broker-a");
        List<Outcome> onSlave = new ArrayList<>();
        List<Outcome> lacked = new ArrayList<>();
        for (Outcome o : ackedByA) {
            MessageQueue mq = o.result().getMessageQueue();
            (o.result().getQueueOffset() < slaveQueueEnd[mq.getQueueId()] ? onSlave : lacked).add(o);
        }
        List<Outcome> expected = new ArrayList<>(load.acknowledged("broker-b"));
        expected.addAll(onSlave);

        Map<String, List<String>> received = consume(expected, 60);
        phase("consumed " + received.size() + " messages");
        assertReceivedWithContent(expected, received);
        assertFalse(cluster.node("broker-a").process().isAlive(), "broker-a's master stayed down while its slave "
                + "served " + onSlave.size() + " acknowledged messages");
        for (Outcome o : lacked) {
            assertFalse(received.containsKey(o.result().getMsgId()), "a message the slave's queue "
                    + o.result().getMessageQueue().getQueueId() + " ends before was consumed: " + o.body());
        }
        long lastOnSlave = -1;
        for (Outcome o : onSlave) {
            assertTrue(logOffset(o) < slaveLogEnd, "a message the slave serves lies within its commit log: "
                    + o.body() + " at " + logOffset(o) + ", the slave holds " + slaveLogEnd + " bytes");
            lastOnSlave = Math.max(lastOnSlave, logOffset(o));
        }
        for (Outcome o : lacked) {
            assertTrue(logOffset(o) > lastOnSlave, "the slave lacks only the newest part of the master's commit "
                    + "log: it lacks " + o.body() + " at " + logOffset(o) + " but serves one at " + lastOnSlave);
        }

        cluster.restart("broker-a");
        phase("broker-a's master restarted");
        long masterLogEnd = Long.parseLong(admin.fetchBrokerRuntimeStats(cluster.address("broker-a")).getTable()
                .get("commitLogMaxOffset"));
        assertTrue(slaveLogEnd <= masterLogEnd, "the slave held " + slaveLogEnd + " bytes, more than the "
                + masterLogEnd + " its master had written");
        for (Outcome o : lacked) {
            MessageExt m = admin.viewMessage(topic, o.result().getOffsetMsgId());
            assertEquals(o.body(), new String(m.getBody(), StandardCharsets.UTF_8),
                    "the restarted master still holds the acknowledged message its slave lacked");
        }
        long windowMillis = Math.max(0, lacked.stream().mapToLong(o -> killNanos - o.endNanos()).max().orElse(0))
                / 1_000_000;
        String line = String.format("HA async window: broker-a's slave lacked %d of the %d SEND_OK messages of "
                        + "broker-a at the kill -9: %d bytes of the master's %d-byte commit log; the oldest of them "
                        + "was acknowledged %d ms before the kill", lacked.size(), ackedByA.size(),
                masterLogEnd - slaveLogEnd, masterLogEnd, windowMillis);
        System.out.println(line);
        Files.writeString(Path.of("target", "ha-async-window.txt"), line + System.lineSeparator());
    }

    /** The slave's end offset of each of broker-a's queues of the topic. */
    private long[] queueEnds(String slave) {
        long[] ends = new long[QUEUES];
        for (int q = 0; q < QUEUES; q++) {
            try {
                ends[q] = admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl()
                        .getMaxOffset(slave, new MessageQueue(topic, "broker-a", q), 5000);
            } catch (Exception e) {
                throw new AssertionError("GET_MAX_OFFSET of queue " + q + " from the slave " + slave + ": " + e, e);
            }
        }
        return ends;
    }

    /** Where the message starts in its master's commit log (from the offset message id the send returned). */
    static long logOffset(Outcome o) {
        try {
            return MessageDecoder.decodeMessageId(o.result().getOffsetMsgId()).getOffset();
        } catch (Exception e) {
            throw new AssertionError("offset message id " + o.result().getOffsetMsgId() + ": " + e, e);
        }
    }
}
