package io.comet.broker.internal;

import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.ServerSettings;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A NameServer stand-in on 127.0.0.1 that records REGISTER_BROKER and UNREGISTER_BROKER requests. */
final class FakeNameServer implements AutoCloseable {
    final BlockingQueue<RemotingCommand> requests = new LinkedBlockingQueue<>();
    /** Header fields of REGISTER_BROKER responses (a slave's: {@code haServerAddr}, {@code masterAddr}). */
    final Map<String, String> registerResponseFields = new ConcurrentHashMap<>();
    private final RemotingServer server;

    FakeNameServer() {
        server = Remoting.newServer(ServerSettings.of("fake-ns", "127.0.0.1", 0));
        server.registerProcessor((channel, request) -> {
            requests.add(request);
            RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
            if (request.code() == RequestCode.REGISTER_BROKER) {
                registerResponseFields.forEach(response::put);
            }
            return CompletableFuture.completedFuture(response);
        }, "default", RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER);
    }

    String address() {
        return "127.0.0.1:" + server.port();
    }

    /** The next request with {@code code} within 10 s, skipping others; fails when none comes. */
    RemotingCommand next(int code) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RemotingCommand r = requests.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && r.code() == code) {
                return r;
            }
        }
        throw new AssertionError("no request " + code + " reached the fake NameServer within 10 s");
    }

    @Override
    public void close() {
        server.close();
    }
}
