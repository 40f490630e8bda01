package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.RemotingCommand;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.ServerSettings;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that pipelines requests and does not read its responses: the server stops reading from it once the
 * responses it holds pass the high water mark, instead of buffering every answer, and serves the rest once the
 * client reads again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackpressureTest {
    private static final int CODE = 2000;
    private static final int REQUESTS = 4000;
    private static final int RESPONSE_BYTES = 32 * 1024;

    @Test
    void aPeerThatDoesNotReadStopsBeingReadUntilItDoes() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        byte[] answer = new byte[RESPONSE_BYTES];
        NettyRemotingServer server = NettyRemotingServer.start(new ServerSettings("bp", "127.0.0.1", 0, 1, Map.of(), 2,
                ServerSettings.DEFAULT_MAX_FRAME, 0));
        Thread writer = null;
        try (RawConnection raw = new RawConnection(server.port())) {
            server.registerProcessor((ch, req) -> {
                processed.incrementAndGet();
                return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null).body(answer));
            }, null, CODE);
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            writer = new Thread(() -> {
                try {
                    for (int i = 0; i < REQUESTS; i++) {
                        raw.send(RemotingCommand.request(CODE).opaque(i).body(new byte[8 * 1024]));
                    }
                } catch (IOException | RuntimeException e) {
                    writeFailure.set(e);
                }
            }, "bp-writer");
            writer.setDaemon(true);
            writer.start();

            int seen = awaitStable(processed);
            // unbounded buffering would answer all 4000 (128 MiB); paused reading leaves the rest in socket buffers
            assertTrue(seen < REQUESTS / 2, "the server kept reading from a peer that does not read: " + seen);
            assertTrue(writer.isAlive(), "the writer is held back by TCP flow control");

            java.util.BitSet answered = new java.util.BitSet(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                RemotingCommand response = raw.read();
                answered.set(response.opaque());
                assertEquals(RESPONSE_BYTES, response.body().length);
            }
            assertEquals(REQUESTS, answered.cardinality(), "every request answered once");
            writer.join(10_000);
            assertEquals(null, writeFailure.get());
            assertEquals(REQUESTS, processed.get(), "reading resumed once the peer read");
        } finally {
            server.close();
            if (writer != null) {
                writer.join(5_000);
            }
        }
    }

    /** The counter's value once it has not moved for 500 ms (at most 20 s). */
    private static int awaitStable(AtomicInteger counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int last = -1;
        while (System.nanoTime() < deadline) {
            int now = counter.get();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        return counter.get();
    }
}
