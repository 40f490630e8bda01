package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.ClientSettings;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingConnectException;
import io.comet.remoting.RemotingException;
import io.comet.remoting.RemotingTimeoutException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.SerializeType;
import io.comet.remoting.ServerSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real server and client on 127.0.0.1: dispatch rules, opaque matching, oneway, errors, timeouts. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerClientTest {
    private static final int ECHO = 1000;
    private static final int SLOW = 1001;
    private static final int FAIL = 1002;
    private static final int REQUIRE = 1003;

    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String address;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void start() {
        server = NettyRemotingServer.start(new ServerSettings("test", "127.0.0.1", 0, 2, Map.of("slow", 1), 4,
                ServerSettings.DEFAULT_MAX_FRAME, 0));
        server.registerProcessor((ch, req) -> CompletableFuture.completedFuture(
                RemotingCommand.response(ResponseCode.SUCCESS, null).put("echo", req.field("v"))
                        .put("thread", Thread.currentThread().getName()).put("peer", ch.remoteAddress())
                        .body(req.body())), null, ECHO);
        server.registerProcessor((ch, req) -> {
            throw new IllegalStateException("boom");
        }, null, FAIL);
        server.registerProcessor((ch, req) -> CompletableFuture.completedFuture(
                RemotingCommand.response(ResponseCode.SUCCESS, null).put("topic", req.requireField("topic"))), null, REQUIRE);
        client = new NettyRemotingClient(ClientSettings.defaults());
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        client.close();
        server.close();
    }

    @Test
    void requestGetsItsResponseOnAWorkerThreadWithBodyAndFields() throws Exception {
        for (SerializeType type : SerializeType.values()) {
            try (NettyRemotingClient c = new NettyRemotingClient(ClientSettings.defaults().withSerializeType(type))) {
                RemotingCommand response = c.invokeSync(address,
                        RemotingCommand.request(ECHO).put("v", "hello \u0001 " + type).body(new byte[] {1, 2, 3}), 3000);
                assertEquals(ResponseCode.SUCCESS, response.code());
                assertTrue(response.isResponse());
                assertEquals("hello \u0001 " + type, response.field("echo"));
                assertArrayEquals(new byte[] {1, 2, 3}, response.body());
                assertEquals(type, response.serializeType(), "the response uses the request's serialize type");
                assertTrue(response.field("thread").startsWith("comet-test-default-"), response.field("thread"));
            }
        }
    }

    @Test
    void responseHeaderTypeFollowsEachRequestOnTheWire() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(RemotingCommand.request(ECHO).opaque(1).serializeType(SerializeType.ROCKETMQ));
            assertEquals(1, raw.readHeaderWordAndSkip() >>> 24);
            raw.send(RemotingCommand.request(ECHO).opaque(2).serializeType(SerializeType.JSON));
            assertEquals(0, raw.readHeaderWordAndSkip() >>> 24);
        }
    }

    @Test
    void outOfOrderResponsesAreMatchedByOpaque() throws Exception {
        int n = 20;
        List<CompletableFuture<RemotingCommand>> held = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(n);
        List<RemotingCommand> requests = new ArrayList<>();
        server.registerProcessor((ch, req) -> {
            CompletableFuture<RemotingCommand> f = new CompletableFuture<>();
            synchronized (held) {
                held.add(f);
                requests.add(req);
            }
            all.countDown();
            return f;
        }, null, SLOW + 100);
        List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            responses.add(client.invoke(address, RemotingCommand.request(SLOW + 100).put("i", i), 10_000));
        }
        assertTrue(all.await(10, TimeUnit.SECONDS));
        synchronized (held) {
            for (int i = n - 1; i >= 0; i--) { // answer in reverse arrival order
                held.get(i).complete(RemotingCommand.response(0, null).put("i", requests.get(i).field("i")));
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(String.valueOf(i), responses.get(i).get(10, TimeUnit.SECONDS).field("i"));
        }
    }

    @Test
    void onewayRequestIsProcessedButNeverAnswered() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        server.registerProcessor((ch, req) -> {
            seen.countDown();
            return CompletableFuture.completedFuture(RemotingCommand.response(0, "should not be sent"));
        }, null, 1100);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(RemotingCommand.request(1100).opaque(1).markOneway());
            raw.send(RemotingCommand.request(9999).opaque(2).markOneway()); // unknown code, oneway: no error reply
            assertTrue(seen.await(5, TimeUnit.SECONDS));
            raw.send(RemotingCommand.request(ECHO).opaque(3));
            RemotingCommand first = raw.read();
            assertEquals(3, first.opaque(), "the first frame back answers the normal request");
            assertFalse(raw.closedByPeerWithin(300), "and nothing else arrives");
        }
        client.invokeOneway(address, RemotingCommand.request(1100), 3000); // the client API path
    }

    @Test
    void unknownCodeIsNotSupported() throws Exception {
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(4242), 3000);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.code());
        assertEquals("request type 4242 not supported", response.remark());
    }

    @Test
    void missingRequiredFieldIsSystemErrorNamingTheField() throws Exception {
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(REQUIRE).put("other", "x"), 3000);
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains("'topic'"), response.remark());
        assertEquals("T", client.invokeSync(address, RemotingCommand.request(REQUIRE).put("topic", "T"), 3000).field("topic"),
                "the connection stays usable");
    }

    @Test
    void processorExceptionIsSystemErrorNamingCodeAndExceptionAndKeepsTheConnection() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        server.addChannelListener(new io.comet.remoting.ChannelEventListener() {
            @Override
            public void onConnect(RemotingChannel channel) {
                connects.incrementAndGet();
            }
        });
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(FAIL), 3000);
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains(String.valueOf(FAIL)) && response.remark().contains("IllegalStateException: boom"),
                response.remark());
        String peer = client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer");
        assertEquals(peer, client.invokeSync(address, RemotingCommand.request(ECHO), 3000).field("peer"));
        assertEquals(1, connects.get(), "one connection throughout");
    }

    @Test
    void failedStageIsSystemErrorToo() throws Exception {
        server.registerProcessor((ch, req) -> CompletableFuture.failedFuture(
                new io.comet.remoting.RemotingCommandException("header field 'x' is bad")), null, 1200);
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(1200), 3000);
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertEquals("header field 'x' is bad", response.remark());
    }

    @Test
    void slowProcessorDoesNotBlockOtherConnections() throws Exception {
        try (NettyRemotingServer oneLoop = NettyRemotingServer.start(ServerSettings.of("oneloop", "127.0.0.1", 0)
                .withIdleSeconds(0))) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            oneLoop.registerProcessor((ch, req) -> {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
                return CompletableFuture.completedFuture(RemotingCommand.response(0, "slow"));
            }, null, SLOW);
            oneLoop.registerProcessor((ch, req) -> CompletableFuture.completedFuture(RemotingCommand.response(0, "fast")), null, ECHO);
            String addr = "127.0.0.1:" + oneLoop.port();
            try (NettyRemotingClient other = new NettyRemotingClient(ClientSettings.defaults())) {
                CompletableFuture<RemotingCommand> slow = client.invoke(addr, RemotingCommand.request(SLOW), 20_000);
                assertTrue(entered.await(5, TimeUnit.SECONDS));
                long t0 = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    assertEquals("fast", other.invokeSync(addr, RemotingCommand.request(ECHO), 2000).remark());
                }
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000);
                assertFalse(slow.isDone());
                release.countDown();
                assertEquals("slow", slow.get(5, TimeUnit.SECONDS).remark());
            }
        }
    }

    @Test
    void serverCallsTheClientOnItsOwnConnection() throws Exception {
        cleanup.add(client.registerProcessor((ch, req) -> CompletableFuture.completedFuture(
                RemotingCommand.response(0, null).put("answer", "client saw " + req.field("q"))), RequestCode.GET_CONSUMER_RUNNING_INFO));
        CountDownLatch oneway = new CountDownLatch(1);
        cleanup.add(client.registerProcessor((ch, req) -> {
            oneway.countDown();
            return null;
        }, RequestCode.NOTIFY_CONSUMER_IDS_CHANGED));
        server.registerProcessor((ch, req) -> {
            ch.invokeOneway(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED));
            return ch.invoke(RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).put("q", "ping"), 3000)
                    .thenApply(r -> RemotingCommand.response(0, null).put("relayed", r.field("answer")));
        }, null, 1300);
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(1300), 5000);
        assertEquals("client saw ping", response.field("relayed"));
        assertTrue(oneway.await(5, TimeUnit.SECONDS));
    }

    @Test
    void serverCallToAClientWithoutProcessorGetsNotSupported() throws Exception {
        server.registerProcessor((ch, req) -> ch.invoke(RemotingCommand.request(777), 3000)
                .thenApply(r -> RemotingCommand.response(0, r.code() + ":" + r.remark())), null, 1301);
        assertEquals("3:request type 777 not supported",
                client.invokeSync(address, RemotingCommand.request(1301), 5000).remark());
    }

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
    void fullExecutorQueueAnswersSystemBusy() throws Exception {
        try (NettyRemotingServer tiny = NettyRemotingServer.start(new ServerSettings("tiny", "127.0.0.1", 0, 1, Map.of(), 1,
                ServerSettings.DEFAULT_MAX_FRAME, 0), 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            tiny.registerProcessor((ch, req) -> {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
                return CompletableFuture.completedFuture(RemotingCommand.response(0, "done"));
            }, "unknown-group-uses-default", SLOW);
            String addr = "127.0.0.1:" + tiny.port();
            CompletableFuture<RemotingCommand> running = client.invoke(addr, RemotingCommand.request(SLOW), 10_000);
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            CompletableFuture<RemotingCommand> queued = client.invoke(addr, RemotingCommand.request(SLOW), 10_000);
            RemotingCommand busy = client.invokeSync(addr, RemotingCommand.request(SLOW), 3000);
            assertEquals(ResponseCode.SYSTEM_BUSY, busy.code());
            assertEquals("too many requests", busy.remark());
            release.countDown();
            assertEquals("done", running.get(5, TimeUnit.SECONDS).remark());
            assertEquals("done", queued.get(5, TimeUnit.SECONDS).remark());
        }
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
    void bufferBodyResponseArrivesIntactAndIsReleasedOnce() throws Exception {
        AtomicInteger released = new AtomicInteger();
        byte[] payload = new byte[300_000];
        new java.util.Random(1).nextBytes(payload);
        server.registerProcessor((ch, req) -> {
            ByteBuffer a = ByteBuffer.allocateDirect(100_000).put(payload, 0, 100_000).flip();
            ByteBuffer b = ByteBuffer.wrap(payload, 100_000, 200_000);
            return CompletableFuture.completedFuture(RemotingCommand.response(0, null)
                    .bodyBuffers(new ByteBuffer[] {a, b}, released::incrementAndGet));
        }, null, 1500);
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(1500), 5000);
        assertArrayEquals(payload, response.body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (released.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, released.get());
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
