package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.ClientSettings;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.SerializeType;
import io.comet.remoting.ServerSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server-side dispatch over real sockets: responses, opaque matching, oneway, error codes, executors, server to client calls. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DispatchTest extends EchoServerFixture {
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
                assertEquals(SerializeType.ROCKETMQ, response.serializeType(),
                        "a Java client is answered with the binary header whatever it sent");
                assertTrue(response.field("thread").startsWith("comet-test-default-"), response.field("thread"));
            }
        }
    }

    /** A processor that allows it runs on the event loop for the requests it picks, in order, and errors still answer. */
    @Test
    void processorMayRunChosenRequestsOnTheEventLoop() throws Exception {
        int inline = 1010;
        java.util.Queue<String> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        server.registerProcessor(new io.comet.remoting.RequestProcessor() {
            @Override
            public CompletableFuture<RemotingCommand> process(RemotingChannel ch, RemotingCommand req) {
                if (req.field("fail") != null) {
                    throw new IllegalStateException("inline boom");
                }
                if (req.field("n") != null) {
                    seen.add(req.field("n"));
                }
                return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)
                        .put("thread", Thread.currentThread().getName()).put("n", req.field("n")));
            }

            @Override
            public boolean runsOnEventLoop(RemotingCommand request) {
                return request.field("here") != null;
            }
        }, null, inline);
        RemotingCommand here = client.invokeSync(address, RemotingCommand.request(inline).put("here", 1), 3000);
        assertTrue(here.field("thread").startsWith("comet-test-io-"), here.field("thread"));
        RemotingCommand pooled = client.invokeSync(address, RemotingCommand.request(inline), 3000);
        assertTrue(pooled.field("thread").startsWith("comet-test-default-"), pooled.field("thread"));
        RemotingCommand failed = client.invokeSync(address, RemotingCommand.request(inline).put("here", 1)
                .put("fail", 1), 3000);
        assertEquals(ResponseCode.SYSTEM_ERROR, failed.code());
        assertTrue(failed.remark().contains("inline boom"), failed.remark());
        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.invoke(address, RemotingCommand.request(inline).put("here", 1).put("n", i), 3000));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            assertEquals(String.valueOf(i), futures.get(i).get(5, TimeUnit.SECONDS).field("n"));
            expected.add(String.valueOf(i));
        }
        assertEquals(expected, new ArrayList<>(seen), "one connection's requests are processed in arrival order");
    }

    @Test
    void responseHeaderTypeFollowsEachRequestOnTheWire() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(RemotingCommand.request(ECHO).opaque(1).serializeType(SerializeType.ROCKETMQ));
            assertEquals(1, raw.readHeaderWordAndSkip() >>> 24);
            raw.send(RemotingCommand.request(ECHO).opaque(2).serializeType(SerializeType.JSON)
                    .language(io.comet.remoting.LanguageCode.GO));
            assertEquals(0, raw.readHeaderWordAndSkip() >>> 24, "a JSON request from a Go client is answered in JSON");
            raw.send(RemotingCommand.request(ECHO).opaque(3).serializeType(SerializeType.JSON));
            assertEquals(1, raw.readHeaderWordAndSkip() >>> 24, "a JSON request from a Java client gets binary");
        }
    }

    @Test
    void binaryAnswersToJavaClientsCanBeSwitchedOff() {
        RemotingCommand javaJson = RemotingCommand.request(ECHO).serializeType(SerializeType.JSON);
        assertEquals(SerializeType.ROCKETMQ, ResponseEncoding.of(javaJson, true));
        assertEquals(SerializeType.JSON, ResponseEncoding.of(javaJson, false));
        assertEquals(SerializeType.ROCKETMQ,
                ResponseEncoding.of(RemotingCommand.request(ECHO).serializeType(SerializeType.ROCKETMQ), false));
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
}
