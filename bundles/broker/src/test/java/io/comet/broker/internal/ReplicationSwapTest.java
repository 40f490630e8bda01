package io.comet.broker.internal;

import static io.comet.broker.internal.BrokerHarness.sendV2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.ReplicatedSendTest.RawSlave;
import io.comet.ha.HaRole;
import io.comet.ha.internal.DefaultHaService;
import io.comet.ha.internal.HaSettings;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.ResponseCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a send in flight gets at the moment of each role swap, through the broker's send path over a real store and
 * HA service (the rules of {@code docs/ha.md}): SYNC -> ASYNC answers a send waiting for the slave SEND_OK;
 * demotion answers it SLAVE_NOT_AVAILABLE (11) and refuses new sends with SERVICE_NOT_AVAILABLE (14) before
 * storing anything; ASYNC -> SYNC makes only later sends wait; a promoted slave takes sends at its log end.
 */
@Timeout(60)
class ReplicationSwapTest {
    /** Long enough that no answer in these tests comes from the timeout. */
    private static final long SLAVE_TIMEOUT_MS = 20_000;

    @TempDir
    Path dir;

    private DefaultHaService ha;

    private BrokerHarness broker(HaRole role, String masterAddress) throws Exception {
        BrokerHarness h = new BrokerHarness(dir.resolve("broker"), Map.of(), store -> {
            ha = new DefaultHaService(store, new HaSettings(role, 0, masterAddress, 1000, 20_000, 32_768,
                    256L << 20, SLAVE_TIMEOUT_MS, 1), "127.0.0.1");
            return Replication.of(ha, ha);
        });
        h.closeBeforeStore.add(ha);
        return h;
    }

    private String haAddress() {
        return "127.0.0.1:" + ha.haListenPort();
    }

    private static String nowhere() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
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

    /** A send to a SYNC_MASTER whose slave never acks, once it is stored and waiting. */
    private CompletableFuture<RemotingCommand> waitingSend(BrokerHarness m, String body) throws Exception {
        long before = m.store.maxPhyOffset();
        CompletableFuture<RemotingCommand> send = m.client.invoke(m.address(), sendV2("W", 0, "", body), 15_000);
        await(() -> m.store.maxPhyOffset() > before, "the message is stored");
        Thread.sleep(100);
        assertFalse(send.isDone(), "the send waits for the slave");
        return send;
    }

    @Test
    void syncToAsyncAnswersTheWaitingSendSendOk() throws Exception {
        try (BrokerHarness m = broker(HaRole.SYNC_MASTER, null);
             RawSlave slave = new RawSlave(haAddress())) {
            await(() -> ha.haStatus().slaves().size() == 1, "the slave is connected");
            CompletableFuture<RemotingCommand> send = waitingSend(m, "waiting");
            ha.changeRole(HaRole.ASYNC_MASTER, null);
            RemotingCommand r = send.get(5, TimeUnit.SECONDS);
            assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
            assertEquals("waiting", new String(m.view(r.field("msgId")).body()));
            assertEquals(ResponseCode.SUCCESS, m.call(sendV2("W", 0, "", "after")).code(), "ASYNC answers at once");
        }
    }

    @Test
    void demotionAnswersTheWaitingSendSlaveNotAvailableAndRefusesNewSendsWith14() throws Exception {
        try (BrokerHarness m = broker(HaRole.SYNC_MASTER, null);
             RawSlave slave = new RawSlave(haAddress())) {
            await(() -> ha.haStatus().slaves().size() == 1, "the slave is connected");
            CompletableFuture<RemotingCommand> send = waitingSend(m, "in flight");
            ha.changeRole(HaRole.SLAVE, nowhere());
            RemotingCommand r = send.get(5, TimeUnit.SECONDS);
            assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, r.code(), r.remark());
            long end = m.store.maxPhyOffset();
            RemotingCommand refused = m.call(sendV2("W", 0, "", "refused"));
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, refused.code());
            assertTrue(refused.remark().contains("the broker is a slave"), refused.remark());
            assertEquals(end, m.store.maxPhyOffset(), "a refused send stores nothing");
        }
    }

    @Test
    void asyncToSyncMakesOnlyLaterSendsWait() throws Exception {
        try (BrokerHarness m = broker(HaRole.ASYNC_MASTER, null);
             RawSlave slave = new RawSlave(haAddress())) {
            await(() -> ha.haStatus().slaves().size() == 1, "the slave is connected");
            assertEquals(ResponseCode.SUCCESS, m.call(sendV2("W", 0, "", "async")).code(), "no ack needed");
            ha.changeRole(HaRole.SYNC_MASTER, null);
            CompletableFuture<RemotingCommand> send = waitingSend(m, "sync");
            slave.report(m.store.maxPhyOffset());
            assertEquals(ResponseCode.SUCCESS, send.get(5, TimeUnit.SECONDS).code(), "answered by the ack");
        }
    }

    @Test
    void aPromotedSlaveTakesSendsAtItsLogEnd() throws Exception {
        try (BrokerHarness m = broker(HaRole.SLAVE, nowhere())) {
            RemotingCommand refused = m.call(sendV2("P", 0, "", "to a slave"));
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, refused.code());
            assertEquals(0, m.store.maxPhyOffset(), "nothing stored on the slave");
            ha.changeRole(HaRole.ASYNC_MASTER, null);
            RemotingCommand r = m.call(sendV2("P", 0, "", "to the new master"));
            assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
            assertEquals("0", r.field("queueOffset"));
            assertEquals("to the new master", new String(m.view(r.field("msgId")).body()));
        }
    }
}
