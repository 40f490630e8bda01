package io.comet.remoting.internal;


import io.comet.remoting.ClientSettings;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.ServerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A server with echo, failing and field-checking processors on 127.0.0.1, and a client to call it. */
abstract class EchoServerFixture {
    static final int ECHO = 1000;
    static final int SLOW = 1001;
    static final int FAIL = 1002;
    static final int REQUIRE = 1003;

    NettyRemotingServer server;
    NettyRemotingClient client;
    String address;
    final List<AutoCloseable> cleanup = new ArrayList<>();

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
}
