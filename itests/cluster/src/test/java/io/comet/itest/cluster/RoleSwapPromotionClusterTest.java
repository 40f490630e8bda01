package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Promotion and demotion in a 2m-2s-async pair (issue 5, acceptance 3): the master is killed with SIGKILL, the
 * slave is promoted by an edit of its watched {@code -c} file ({@code brokerRole=ASYNC_MASTER}, {@code brokerId=0})
 * in the same JVM, and the old master comes back as SLAVE holding bytes the new master never got, which it must
 * truncate before it follows.
 */
@Timeout(240)
class RoleSwapPromotionClusterTest extends RoleSwapClusterTest {
    private static final int BEFORE = 40;
    private static final int DIVERGENT = 15;
    private static final int AFTER = 30;

    @Test
    void aSlavePromotedLiveServesWritesAndTheOldMasterTruncatesAndFollowsAsSlave() throws Exception {
        int aPort = FreePorts.next();
        int aHa = FreePorts.next();
        int sPort = FreePorts.next();
        int sHa = FreePorts.next();
        String aAddr = "127.0.0.1:" + aPort;
        String sAddr = "127.0.0.1:" + sPort;
        String topic = "SwapTopic" + run;
        Path aConf = brokerConf("broker-a", "broker-a.properties", aPort, aHa, Map.of());
        Path sConf = brokerConf("broker-a-s", "broker-a-s.properties", sPort, sHa, Map.of());
        CometNode oldMaster = null;
        try (CometNode ns = startNamesrv();
             CometNode master = startBroker("a", aConf, aPort);
             CometNode slave = startBroker("a-s", sConf, sPort);
             RawConnection toSlave = new RawConnection(sPort)) {
            await(() -> brokerA().size() == 2, Duration.ofSeconds(30), "master and slave are registered");
            assertEquals(Map.of(0L, aAddr, 1L, sAddr), brokerA());
            createTopic(aAddr, topic);
            createTopic(sAddr, topic);
            assertEquals("SLAVE", toSlave.brokerRole(), "the raw connection talks to the slave");
            long slavePid = slave.process().pid();

            DefaultMQProducer producer = producer("swap-producer");
            try {
                // 1. acknowledged by the ASYNC_MASTER and copied by the slave
                List<SendResult> before = sendAll(producer, topic, "before-", BEFORE);
                long common = maxOffset(aAddr);
                await(() -> maxOffset(sAddr) == common, Duration.ofSeconds(30), "the slave holds " + common);

                // 2. the slave is cut off (it follows an address where nobody listens), the master goes on
                int nowhere = FreePorts.next();
                editConf(sConf, Map.of("haMasterAddress", "127.0.0.1:" + nowhere));
                slave.awaitLog("broker.log", "HA: slave replicates from master 127.0.0.1:" + nowhere,
                        Duration.ofSeconds(30));
                List<SendResult> divergent = sendAll(producer, topic, "divergent-", DIVERGENT);
                long oldEnd = maxOffset(aAddr);
                assertTrue(oldEnd > common, "the master stored the divergent messages");
                sleep(500);
                assertEquals(common, maxOffset(sAddr), "the cut-off slave never got the divergent messages");

                // 3. kill -9 the master; promote the slave by editing its -c file
                master.kill();
                await(() -> !brokerA().containsKey(0L), Duration.ofSeconds(30),
                        "the NameServer drops the dead master");
                Map<String, String> promote = new HashMap<>();
                promote.put("brokerRole", "ASYNC_MASTER");
                promote.put("brokerId", "0");
                promote.put("haMasterAddress", null);
                editConf(sConf, promote);
                await(() -> Map.of(0L, sAddr).equals(brokerA()), Duration.ofSeconds(30),
                        "the promoted slave is registered as broker-a's master (id 0) and nothing else");
                assertTrue(slave.process().isAlive());
                assertEquals(slavePid, slave.process().pid(), "the same process");
                assertEquals(1, count(slave, "boot success"), "the broker was not restarted inside its JVM");
                assertEquals("ASYNC_MASTER", toSlave.brokerRole(),
                        "a connection opened to the slave before the swap is still served after it");
                assertEquals(common, maxOffset(sAddr), "promotion kept the whole replicated log");

                // 4. producers write to broker-a again, now on the promoted node
                List<SendResult> after = new ArrayList<>();
                await(() -> {
                    try {
                        SendResult r = producer.send(new Message(topic, ("after-" + after.size())
                                .getBytes(StandardCharsets.UTF_8)));
                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                            after.add(r);
                        }
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(30), "a send to broker-a succeeds after the promotion");
                after.addAll(sendAll(producer, topic, "after-", AFTER, after.size()));
                for (SendResult r : after) {
                    assertEquals(sAddr, storeHost(r), "stored by the promoted broker: " + r);
                    assertEquals("broker-a", r.getMessageQueue().getBrokerName());
                }
                assertEquals(common, phyOffset(after.get(0)), "the new master continues at the end of its log");
                long newEnd = maxOffset(sAddr);
                assertTrue(newEnd > oldEnd, "enough was written to overwrite the whole divergent range");

                // 5. the old master comes back as SLAVE (brokerId 1) with its divergent tail
                Path aSlaveConf = brokerConf("broker-a", "broker-a-demoted.properties", aPort, aHa,
                        Map.of("brokerRole", "SLAVE", "brokerId", "1"));
                oldMaster = startBroker("a-demoted", aSlaveConf, aPort);
                CometNode demoted = oldMaster;
                demoted.awaitLog("broker.log", "HA: truncating [" + common + ", " + oldEnd + ")",
                        Duration.ofSeconds(30));
                await(() -> maxOffset(aAddr) == newEnd, Duration.ofSeconds(60),
                        "the demoted master holds the new master's " + newEnd + " bytes");
                assertEquals(Map.of(0L, sAddr, 1L, aAddr), brokerA());
                assertEquals("SLAVE", runtime(aAddr, "brokerRole"));

                // every message the new master holds is on the old master, at the same offset, byte for byte
                for (List<SendResult> group : List.of(before, after)) {
                    for (SendResult r : group) {
                        long at = phyOffset(r);
                        MessageExt onNew = view(sAddr, topic, at);
                        MessageExt onOld = view(aAddr, topic, at);
                        assertEquals(r.getMsgId(), onNew.getMsgId());
                        assertEquals(r.getMsgId(), onOld.getMsgId(), "message at " + at + " on the old master");
                        assertArrayEquals(onNew.getBody(), onOld.getBody());
                        assertEquals(onNew.getQueueOffset(), onOld.getQueueOffset());
                    }
                }
                // and none of the divergent messages survived there (at their offsets there is now either no
                // message start at all or one of the new master's messages)
                for (SendResult r : divergent) {
                    MessageExt at = viewOrNull(aAddr, topic, phyOffset(r));
                    if (at != null) {
                        assertNotEquals(r.getMsgId(), at.getMsgId(), "divergent message still at " + phyOffset(r));
                        assertFalse(new String(at.getBody(), StandardCharsets.UTF_8).startsWith("divergent-"));
                    }
                }
                // consume queues were cut too: each queue ends where the new master's does
                for (int q = 0; q < 4; q++) {
                    MessageQueue mq = new MessageQueue(topic, "broker-a", q);
                    long onNew = queueMax(sAddr, mq);
                    await(() -> queueMax(aAddr, mq) == onNew, Duration.ofSeconds(10),
                            "queue " + mq.getQueueId() + " of the old master ends at " + onNew);
                }
            } finally {
                producer.shutdown();
            }
        } finally {
            if (oldMaster != null) {
                oldMaster.close();
            }
        }
    }

    private List<SendResult> sendAll(DefaultMQProducer producer, String topic, String prefix, int n)
            throws Exception {
        return sendAll(producer, topic, prefix, n, 0);
    }

    private List<SendResult> sendAll(DefaultMQProducer producer, String topic, String prefix, int n, int first)
            throws Exception {
        List<SendResult> results = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            SendResult r = producer.send(new Message(topic, (prefix + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals(SendStatus.SEND_OK, r.getSendStatus(), prefix + i + ": " + r);
            results.add(r);
        }
        return results;
    }

    /** The message at {@code phyOffset}, or null when the broker answers that no message starts there. */
    private MessageExt viewOrNull(String addr, String topic, long phyOffset) throws Exception {
        try {
            return view(addr, topic, phyOffset);
        } catch (MQBrokerException e) {
            assertEquals(ResponseCode.SYSTEM_ERROR, e.getResponseCode(), e.toString());
            return null;
        }
    }

    private long queueMax(String addr, MessageQueue mq) {
        try {
            return admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl().getMaxOffset(addr, mq, 5000);
        } catch (Exception e) {
            throw new AssertionError("GET_MAX_OFFSET of " + mq + " from " + addr + " failed: " + e, e);
        }
    }

    /**
     * One plain TCP connection speaking RocketMQ remoting frames, opened once: proves that a connection made to a
     * broker before a swap is still open and served after it (the official clients hide their channels).
     */
    private static final class RawConnection implements AutoCloseable {
        private final Socket socket = new Socket();
        private final DataInputStream in;
        private final OutputStream out;

        RawConnection(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** GET_BROKER_RUNTIME_INFO over this connection; its {@code brokerRole}. */
        String brokerRole() throws Exception {
            RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.GET_BROKER_RUNTIME_INFO, null);
            ByteBuffer frame = request.encode();
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            out.flush();
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            RemotingCommand answer = RemotingCommand.decode(ByteBuffer.wrap(response));
            assertEquals(request.getOpaque(), answer.getOpaque());
            assertEquals(ResponseCode.SUCCESS, answer.getCode(), answer.getRemark());
            return KVTable.decode(answer.getBody(), KVTable.class).getTable().get("brokerRole");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
