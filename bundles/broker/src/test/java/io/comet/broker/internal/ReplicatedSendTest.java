package io.comet.broker.internal;

import static io.comet.broker.internal.BrokerHarness.sendV2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.ha.HaRole;
import io.comet.ha.internal.DefaultHaService;
import io.comet.ha.internal.HaSettings;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.ResponseCode;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send path of a broker over a real store and a real HA service: a SYNC_MASTER answers a send only once its
 * slave acknowledged the message, FLUSH_SLAVE_TIMEOUT when the slave stalls, SLAVE_NOT_AVAILABLE when none is
 * connected (the message is stored in both cases), and the replication status wins over a flush timeout.
 */
@Timeout(60)
class ReplicatedSendTest {
    private static final long SLAVE_TIMEOUT_MS = 500;

    @TempDir
    Path dir;

    private DefaultHaService masterHa;

    private BrokerHarness master(HaRole role) throws Exception {
        BrokerHarness h = new BrokerHarness(dir.resolve("master"), Map.of(), store -> {
            masterHa = new DefaultHaService(store, new HaSettings(role, 0, null, 1000, 20_000, 32_768, 256L << 20,
                    SLAVE_TIMEOUT_MS, 1), "127.0.0.1");
            return Replication.of(masterHa, masterHa);
        });
        h.closeBeforeStore.add(masterHa);
        return h;
    }

    private String haAddress() {
        return "127.0.0.1:" + masterHa.haListenPort();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSyncMasterAnswersOnlyOnceTheSlaveHoldsTheMessage() throws Exception {
        try (BrokerHarness m = master(HaRole.SYNC_MASTER);
             RawSlave slave = new RawSlave(haAddress())) {
            await(() -> masterHa.haStatus().slaves().size() == 1, "the slave is connected");
            CompletableFuture<RemotingCommand> send = m.client.invoke(m.address(), sendV2("S", 0, "", "hello"), 5000);
            await(() -> m.store.maxPhyOffset() > 0, "the message is appended");
            long end = m.store.maxPhyOffset();
            Thread.sleep(200);
            assertFalse(send.isDone(), "no answer before the slave acknowledged");
            slave.report(end - 1);
            Thread.sleep(200);
            assertFalse(send.isDone(), "an ack short of the message does not answer it");
            slave.report(end);
            RemotingCommand r = send.get(5, TimeUnit.SECONDS);
            assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
            assertNotNull(r.field("msgId"));
            assertEquals("0", r.field("queueOffset"));
        }
    }

    @Test
    void everyAcknowledgedSendIsOnTheRealSlave() throws Exception {
        try (BrokerHarness m = master(HaRole.SYNC_MASTER)) {
            DefaultMessageStore slaveStore = DefaultMessageStore.open(StoreSettings.builder()
                    .storePathRootDir(dir.resolve("slave")).mappedFileSizeCommitLog(1024 * 1024)
                    .mappedFileSizeConsumeQueue(20 * 1000).maxMessageSize(64 * 1024)
                    .cleanResourceInterval(3_600_000).build());
            slaveStore.useFlushPolicy(new ImmediateFlush(), StoreSettings.ASYNC_FLUSH);
            try (DefaultHaService slaveHa = new DefaultHaService(slaveStore, new HaSettings(HaRole.SLAVE, 0,
                    haAddress(), 1000, 20_000, 32_768, 256L << 20, 3000, 1), "127.0.0.1")) {
                await(() -> masterHa.haStatus().slaves().size() == 1
                        && masterHa.haStatus().slaves().get(0).ackedOffset() >= 0, "the slave is following");
                for (int i = 0; i < 30; i++) {
                    RemotingCommand r = m.call(sendV2("R", i % 4, "", "message " + i));
                    assertEquals(ResponseCode.SUCCESS, r.code(), "send " + i + ": " + r.remark());
                    long end = m.store.maxPhyOffset();
                    assertTrue(slaveStore.maxPhyOffset() >= end, "send " + i + " answered SEND_OK while the slave"
                            + " holds " + slaveStore.maxPhyOffset() + " of " + end + " bytes");
                }
            } finally {
                slaveStore.close();
            }
        }
    }

    @Test
    void aStalledSlaveGivesFlushSlaveTimeoutAndTheMessageStaysStored() throws Exception {
        try (BrokerHarness m = master(HaRole.SYNC_MASTER);
             RawSlave slave = new RawSlave(haAddress())) {
            await(() -> masterHa.haStatus().slaves().size() == 1, "the slave is connected");
            long t0 = System.nanoTime();
            RemotingCommand r = m.call(sendV2("T", 0, "", "stalled"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(ResponseCode.FLUSH_SLAVE_TIMEOUT, r.code());
            assertTrue(ms >= SLAVE_TIMEOUT_MS - 50, "answered after slaveTimeout, took " + ms + " ms");
            assertEquals("stalled", new String(m.view(r.field("msgId")).body()), "stored on the master");
        }
    }

    @Test
    void withoutASlaveTheAnswerIsSlaveNotAvailableAndItWinsOverAFlushTimeout() throws Exception {
        try (BrokerHarness m = master(HaRole.SYNC_MASTER)) {
            RemotingCommand r = m.call(sendV2("N", 0, "", "alone"));
            assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, r.code());
            assertEquals("alone", new String(m.view(r.field("msgId")).body()), "stored on the master");

            m.flush.answer(PutStatus.FLUSH_DISK_TIMEOUT);
            assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, m.call(sendV2("N", 0, "", "both")).code(),
                    "the replica status is applied last, as RocketMQ combines the flush and replica futures");

            masterHa.changeRole(HaRole.ASYNC_MASTER, null);
            assertEquals(ResponseCode.FLUSH_DISK_TIMEOUT, m.call(sendV2("N", 0, "", "async")).code(),
                    "ASYNC_MASTER replication answers PUT_OK, so the flush timeout stays");
            m.flush.answer(PutStatus.PUT_OK);
            assertEquals(ResponseCode.SUCCESS, m.call(sendV2("N", 0, "", "ok")).code());
        }
    }

    /** A slave on a plain socket, so the test decides when acks go out: hello, handshake, then reports on demand. */
    static final class RawSlave implements AutoCloseable {
        private final Socket socket = new Socket();
        private final DataOutputStream out;

        RawSlave(String haAddress) throws IOException {
            int port = Integer.parseInt(haAddress.substring(haAddress.lastIndexOf(':') + 1));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
            report(0);
            long marker = in.readLong();
            int size = in.readInt();
            if (marker != -1) {
                throw new IOException("expected the master's handshake (offset -1), got offset " + marker);
            }
            in.readFully(new byte[size]);
            report(0);
        }

        void report(long offset) throws IOException {
            out.writeLong(offset);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
