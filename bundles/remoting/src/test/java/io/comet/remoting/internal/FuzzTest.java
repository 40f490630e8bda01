package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.SerializeType;
import io.comet.remoting.ServerSettings;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A live server takes a seeded mix of hostile input from several raw sockets (random bytes, truncated frames,
 * oversized and undersized length prefixes, bit-flipped frames, wrong header lengths, bad JSON, unknown serialize
 * types) while one well-behaved client keeps talking to it. Afterwards: the well-behaved connection was never
 * disturbed, fresh connections on every event loop get correct answers, every connection the server must reject
 * was closed with a WARN naming it, and no fuzz connection is left open on the server.
 *
 * <p>Replay a failure with {@code -Dfuzz.seed=<seed printed by the run>}.
 */
class FuzzTest {
    private static final int ECHO = 1000;
    private static final int MAX_FRAME = 64 * 1024;
    private static final int IO_THREADS = 3;
    private static final int WORKERS = 4;
    private static final int INPUTS_PER_WORKER = 1500;
    private static final long FUZZ_MILLIS = 15_000;

    /** Inputs after which the server must close the connection. */
    private enum Kind { RANDOM, TRUNCATED, OVERSIZED, UNDERSIZED, BIT_FLIP, WRONG_HEADER_LENGTH, BAD_JSON, BAD_TYPE }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serverSurvivesHostileInputAndKeepsServingEveryoneElse() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest seed=" + seed + " (replay: -Dfuzz.seed=" + seed + ")");

        Set<String> closedPeers = ConcurrentHashMap.newKeySet();
        try (NettyRemotingServer server = NettyRemotingServer.start(new ServerSettings("fuzz", "127.0.0.1", 0,
                IO_THREADS, Map.of(), 4, MAX_FRAME, 0));
             LogCapture log = new LogCapture(FrameDecoder.class, true)) {
            server.registerProcessor((ch, req) -> CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)
                    .put("echo", req.field("v")).put("peer", ch.remoteAddress())), null, ECHO);
            server.addChannelListener(new ChannelEventListener() {
                @Override
                public void onClose(RemotingChannel channel) {
                    closedPeers.add(channel.remoteAddress());
                }
            });
            String address = "127.0.0.1:" + server.port();

            WellBehaved steady = new WellBehaved(address);
            Thread steadyThread = new Thread(steady, "fuzz-steady");
            steadyThread.start();

            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FUZZ_MILLIS);
            List<CompletableFuture<Worker>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Worker worker = new Worker(server.port(), new Random(seed + w), deadline);
                workers.add(CompletableFuture.supplyAsync(() -> {
                    worker.run();
                    return worker;
                }));
            }
            int inputs = 0;
            int connections = 0;
            List<Integer> mustBeClosed = new ArrayList<>();
            for (CompletableFuture<Worker> f : workers) {
                Worker w = f.get(40, TimeUnit.SECONDS);
                assertEquals(null, w.failure.get(), "worker failed (seed " + seed + ")");
                inputs += w.inputs;
                connections += w.connections;
                mustBeClosed.addAll(w.rejectedPorts);
            }
            steady.stop.set(true);
            steadyThread.join(10_000);
            System.out.println("FuzzTest: " + inputs + " inputs on " + connections + " connections, "
                    + mustBeClosed.size() + " rejected as malformed, " + steady.answered.get() + " steady requests");
            assertTrue(inputs >= 1000, "only " + inputs + " inputs were sent");

            // the well-behaved connection was never disturbed
            assertEquals(null, steady.failure.get(), "steady client failed (seed " + seed + ")");
            assertTrue(steady.answered.get() > 50, "steady client got " + steady.answered.get() + " answers");
            String steadyPeer = steady.peer.get();
            assertTrue(!closedPeers.contains(steadyPeer), "the steady connection " + steadyPeer + " was closed");

            // every connection that had to be rejected got a WARN naming it (ephemeral ports may be reused by a
            // later connection, so count per port), and no connection got more than one
            List<String> warns = log.lines(Level.WARN);
            Map<Integer, Long> rejectedPerPort = mustBeClosed.stream()
                    .collect(java.util.stream.Collectors.groupingBy(p -> p, java.util.stream.Collectors.counting()));
            rejectedPerPort.forEach((port, rejected) -> {
                long n = warns.stream().filter(line -> line.contains("127.0.0.1:" + port + ":")).count();
                assertTrue(n >= rejected, n + " WARN lines for " + rejected + " rejected connections on port " + port
                        + " (seed " + seed + ")");
            });
            assertTrue(warns.size() <= connections, warns.size() + " WARN lines for " + connections + " connections");

            // the event loops are alive and fresh connections on each of them are served
            for (EventExecutor loop : server.eventLoops()) {
                assertEquals("alive", loop.submit(() -> "alive").get(5, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 2 * IO_THREADS; i++) {
                try (RawConnection fresh = new RawConnection(server.port())) {
                    fresh.send(RemotingCommand.request(ECHO).opaque(77).put("v", "fresh" + i));
                    RemotingCommand r = fresh.read();
                    assertEquals(77, r.opaque());
                    assertEquals("fresh" + i, r.field("echo"));
                }
            }
            try (NettyRemotingClient fresh = new NettyRemotingClient(ClientSettings.defaults())) {
                for (SerializeType type : SerializeType.values()) {
                    RemotingCommand r = fresh.invokeSync(address, RemotingCommand.request(ECHO).put("v", "after " + type)
                            .serializeType(type), 3000);
                    assertEquals("after " + type, r.field("echo"));
                }
            }

            // no fuzz connection is left open on the server; only the steady one
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.connectionCount() > 1 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(1, server.connectionCount(), "open server connections besides the steady one");
            steady.client.close();
        }
    }

    /** A normal client that keeps calling on one connection and checks every answer. */
    private static final class WellBehaved implements Runnable {
        final NettyRemotingClient client = new NettyRemotingClient(ClientSettings.defaults());
        final String address;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicReference<String> peer = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        WellBehaved(String address) {
            this.address = address;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; !stop.get(); i++) {
                    RemotingCommand r = client.invokeSync(address, RemotingCommand.request(ECHO).put("v", "steady" + i), 5000);
                    if (!("steady" + i).equals(r.field("echo"))) {
                        throw new AssertionError("steady request " + i + " got " + r);
                    }
                    if (!peer.compareAndSet(null, r.field("peer")) && !peer.get().equals(r.field("peer"))) {
                        throw new AssertionError("steady connection changed from " + peer.get() + " to " + r.field("peer"));
                    }
                    answered.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    /** Opens connections, sends a few good frames (checking the answers) and then one hostile input. */
    private static final class Worker {
        final int port;
        final Random random;
        final long deadline;
        final List<Integer> rejectedPorts = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        int inputs;
        int connections;
        int opaque;

        Worker(int port, Random random, long deadline) {
            this.port = port;
            this.random = random;
            this.deadline = deadline;
        }

        void run() {
            try {
                while (inputs < INPUTS_PER_WORKER && System.nanoTime() < deadline) {
                    oneConnection();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        private void oneConnection() throws IOException {
            try (RawConnection raw = new RawConnection(port)) {
                connections++;
                int good = random.nextInt(4);
                for (int i = 0; i < good; i++) {
                    RemotingCommand request = validRequest();
                    raw.send(request);
                    inputs++;
                    RemotingCommand r = raw.read();
                    if (r.opaque() != request.opaque() || !r.isResponse()
                            || (r.code() != ResponseCode.SUCCESS && r.code() != ResponseCode.REQUEST_CODE_NOT_SUPPORTED)) {
                        throw new AssertionError("valid request " + request + " got " + r);
                    }
                }
                Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                byte[] input = hostile(kind);
                inputs++;
                try {
                    raw.write(input);
                } catch (IOException e) {
                    return; // the server already closed; fine
                }
                boolean mustClose = kind == Kind.OVERSIZED || kind == Kind.UNDERSIZED || kind == Kind.BAD_TYPE;
                if (mustClose) {
                    if (!raw.closedByPeerWithin(3000)) {
                        throw new AssertionError(kind + " input did not close the connection: " + hex(input));
                    }
                    rejectedPorts.add(raw.localPort());
                } else {
                    drain(raw.socket.getInputStream());
                }
            }
        }

        private RemotingCommand validRequest() {
            RemotingCommand cmd = RemotingCommand.request(random.nextInt(5) == 0 ? 2000 + random.nextInt(100) : ECHO)
                    .opaque(opaque++)
                    .put("v", "x" + random.nextInt(1000))
                    .serializeType(random.nextBoolean() ? SerializeType.JSON : SerializeType.ROCKETMQ);
            if (random.nextBoolean()) {
                byte[] body = new byte[random.nextInt(300)];
                random.nextBytes(body);
                cmd.body(body);
            }
            return cmd;
        }

        private byte[] hostile(Kind kind) {
            byte[] frame = RawConnection.encode(validRequest().put("i", "UNIQ\u0001K\u0002"));
            switch (kind) {
                case RANDOM -> {
                    byte[] b = new byte[1 + random.nextInt(300)];
                    random.nextBytes(b);
                    return b;
                }
                case TRUNCATED -> {
                    byte[] b = new byte[1 + random.nextInt(frame.length - 1)];
                    System.arraycopy(frame, 0, b, 0, b.length);
                    return b;
                }
                case OVERSIZED -> {
                    int length = MAX_FRAME - 3 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME + 3);
                    return ByteBuffer.allocate(4 + 16).putInt(length).array();
                }
                case UNDERSIZED -> {
                    int length = random.nextBoolean() ? random.nextInt(4) : Integer.MIN_VALUE + random.nextInt(1000);
                    return ByteBuffer.allocate(8).putInt(length).putInt(random.nextInt()).array();
                }
                case BIT_FLIP -> {
                    int flips = 1 + random.nextInt(5);
                    for (int i = 0; i < flips; i++) {
                        int bit = random.nextInt(frame.length * 8);
                        frame[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                    return frame;
                }
                case WRONG_HEADER_LENGTH -> {
                    ByteBuffer.wrap(frame).putInt(4, (frame[4] & 0xFF) << 24 | random.nextInt(0x1000000));
                    return frame;
                }
                case BAD_JSON -> {
                    return badJson();
                }
                case BAD_TYPE -> {
                    byte type = (byte) (2 + random.nextInt(254));
                    frame[4] = type;
                    return frame;
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }

        /** A JSON frame with consistent lengths whose header text is damaged. */
        private byte[] badJson() {
            String[] damaged = {"{\"code\":1000,\"opaque\":", "{\"code\":1000}}", "{code:1000,\"opaque\":1", "[]", "\"text\"",
                    "{\"code\":\"x\"}", "{\"code\":1000,\"extFields\":{\"a\":{}}}", "{\"code\":1e999999}", "{\u0000}"};
            String header = random.nextInt(3) == 0
                    ? damaged[random.nextInt(damaged.length)]
                    : mutate("{\"code\":1000,\"extFields\":{\"v\":\"abc\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":5,"
                            + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}");
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(8 + h.length).putInt(4 + h.length).putInt(h.length).put(h).array();
        }

        private String mutate(String s) {
            char[] c = s.toCharArray();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                c[random.nextInt(c.length)] = "{}[]\":,\\x0 ".charAt(random.nextInt(11));
            }
            return new String(c);
        }

        private static void drain(InputStream in) throws IOException {
            int n = in.available();
            if (n > 0) {
                in.skip(n);
            }
        }

        private static String hex(byte[] b) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.min(b.length, 32); i++) {
                s.append(String.format("%02x", b[i]));
            }
            return s.toString();
        }
    }
}
