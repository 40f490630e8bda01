package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingConnectException;
import io.comet.remoting.RemotingException;
import io.comet.remoting.RemotingTimeoutException;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.ServerSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client and connection behaviour over real sockets: timeouts, closes, reconnects, bad addresses, idle, malformed input. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientConnectionTest extends EchoServerFixture {
    @Test
    void timeoutFailsOnlyThatRequestAndKeepsTheConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.registerProcessor((ch, req) -> {
            release.await(10, TimeUnit.SECONDS);
            return CompletableFuture.completedFuture(RemotingCommand.response(0, "late"));
        }, "slow", SLOW);
        String peer = client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer");
        long t0 = System.nanoTime();
        RemotingTimeoutException e = assertThrows(RemotingTimeoutException.class,
                () -> client.invokeSync(address, RemotingCommand.request(SLOW), 300));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(took >= 290 && took < 1500, "timed out after " + took + " ms");
        assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
        release.countDown(); // the late response arrives and is dropped
        assertEquals(peer, client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer"),
                "same connection after the timeout");
        assertEquals(1, server.connectionCount());
    }

    @Test
    void closedConnectionFailsWaitingRequestsAndTheNextCallReconnects() throws Exception {
        server.registerProcessor((ch, req) -> {
            ch.close();
            return new CompletableFuture<>(); // never answers
        }, null, 1400);
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.invoke(address, RemotingCommand.request(1400), 10_000).get(5, TimeUnit.SECONDS));
        assertInstanceOf(RemotingConnectException.class, e.getCause());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 3000, "failed at close, not at the timeout");
        assertEquals(ResponseCode.SUCCESS, client.invokeSync(address, RemotingCommand.request(ECHO), 3000).code());
    }

    @Test
    void closeConnectionThenReconnect() throws Exception {
        String first = client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer");
        client.closeConnection(address);
        String second = client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer");
        assertFalse(first.equals(second), "a new connection has a new local port");
    }

    @Test
    void aHostNameAddressIsResolvedAndConnects() throws Exception {
        RemotingCommand r = client.invokeSync("localhost:" + server.port(), RemotingCommand.request(ECHO).put("v", "by name"), 5000);
        assertEquals("by name", r.field("echo"));
    }

    @Test
    void unreachableAndMalformedAddressesFailWithConnectException() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        RemotingConnectException refused = assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("127.0.0.1:" + freePort, RemotingCommand.request(ECHO), 3000));
        assertTrue(refused.getMessage().contains("127.0.0.1:" + freePort), refused.getMessage());
        RemotingConnectException bad = assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("no-port-here", RemotingCommand.request(ECHO), 3000));
        assertTrue(bad.getMessage().contains("'no-port-here'"), bad.getMessage());
        assertThrows(RemotingConnectException.class,
                () -> client.invokeOneway("127.0.0.1:99999", RemotingCommand.request(ECHO), 3000));
    }

    @Test
    void invokeSyncRefusesToBlockAnEventLoop() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        server.eventLoops().next().execute(() -> {
            try {
                client.invokeSync(address, RemotingCommand.request(ECHO), 1000);
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        });
        Throwable t = seen.get(5, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("event loop"), t.getMessage());
    }

    @Test
    void malformedInputClosesOnlyThatConnection() throws Exception {
        String peer = client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer");
        try (LogCapture log = new LogCapture(FrameDecoder.class, true); RawConnection bad = new RawConnection(server.port())) {
            bad.write(new byte[] {0, 0, 0, 2, 9, 9});
            assertTrue(bad.closedByPeerWithin(5000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (log.lines(ch.qos.logback.classic.Level.WARN).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<String> warns = log.lines(ch.qos.logback.classic.Level.WARN);
            assertEquals(1, warns.size(), warns.toString());
            assertTrue(warns.get(0).contains("127.0.0.1:" + bad.localPort()) && warns.get(0).contains("frame length 2"),
                    warns.get(0));
        }
        assertEquals(peer, client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer"));
    }

    @Test
    void listenersHearConnectIdleAndCloseOffTheEventLoop() throws Exception {
        try (NettyRemotingServer idle = NettyRemotingServer.start(ServerSettings.of("idle", "127.0.0.1", 0).withIdleSeconds(1))) {
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch closed = new CountDownLatch(1);
            idle.addChannelListener(new io.comet.remoting.ChannelEventListener() {
                @Override
                public void onConnect(RemotingChannel ch) {
                    events.add("connect " + Thread.currentThread().getName());
                }

                @Override
                public void onIdle(RemotingChannel ch) {
                    events.add("idle " + Thread.currentThread().getName());
                }

                @Override
                public void onClose(RemotingChannel ch) {
                    events.add("close " + Thread.currentThread().getName());
                    closed.countDown();
                }
            });
            try (RawConnection raw = new RawConnection(idle.port())) {
                long t0 = System.nanoTime();
                assertTrue(raw.closedByPeerWithin(5000), "idle connection closed");
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(took >= 900, "closed after " + took + " ms, not before the idle limit");
            }
            assertTrue(closed.await(5, TimeUnit.SECONDS));
            assertEquals(3, events.size(), events.toString());
            assertTrue(events.get(0).startsWith("connect ") && events.get(1).startsWith("idle ")
                    && events.get(2).startsWith("close "), events.toString());
            for (String e : events) {
                assertTrue(e.contains("comet-idle-events"), "listener ran on " + e);
            }
        }
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NettyRemotingServer.start(
                new ServerSettings("bad", "127.0.0.1", 0, 0, Map.of(), 1, 1024, 0)));
        assertTrue(e.getMessage().contains("ioThreads 0"), e.getMessage());
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class, () -> NettyRemotingServer.start(
                new ServerSettings("bad", "127.0.0.1", 0, 1, Map.of("send", 0), 1, 1024, 0)));
        assertTrue(group.getMessage().contains("'send'"), group.getMessage());
        IllegalStateException taken = assertThrows(IllegalStateException.class,
                () -> NettyRemotingServer.start(ServerSettings.of("dup", "127.0.0.1", server.port())));
        assertTrue(taken.getMessage().contains(":" + server.port()), taken.getMessage());
    }

    @Test
    void requestsFromManyThreadsAllGetTheirOwnAnswers() throws Exception {
        int threads = 4;
        int perThread = 500;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        String v = id + "-" + i;
                        byte[] body = v.getBytes(StandardCharsets.UTF_8);
                        RemotingCommand r = client.invokeSync(address, RemotingCommand.request(ECHO).put("v", v).body(body), 5000);
                        assertEquals(v, r.field("echo"));
                        assertArrayEquals(body, r.body());
                    }
                } catch (RemotingException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
    }
}
