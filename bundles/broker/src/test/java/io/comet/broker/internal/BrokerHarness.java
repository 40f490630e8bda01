package io.comet.broker.internal;

import io.comet.common.MessageCodec;
import io.comet.common.MessageIds;
import io.comet.common.StoredMessage;
import io.comet.config.ConfigService;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A broker started in process on 127.0.0.1 (port 0) over a real store in a temp folder, a fake NameServer, and a
 * remoting client to drive it. Closes everything.
 */
final class BrokerHarness implements AutoCloseable {
    final Path dir;
    final DefaultMessageStore store;
    final ImmediateFlush flush = new ImmediateFlush();
    final FakeNameServer nameServer = new FakeNameServer();
    final RemotingClient client = Remoting.newClient(ClientSettings.defaults());
    final AtomicReference<ConfigService> configService = new AtomicReference<>();
    BrokerCore core;
    /** Closed after the broker and before the store (an HA service over the store). */
    final List<AutoCloseable> closeBeforeStore = new java.util.ArrayList<>();

    BrokerHarness(Path dir, Map<String, ?> overrides) throws Exception {
        this(dir, overrides, store -> Replication.none());
    }

    /** A broker whose replication is made from its store by {@code replication} (a real HA service in tests). */
    BrokerHarness(Path dir, Map<String, ?> overrides, Function<DefaultMessageStore, Replication> replication)
            throws Exception {
        this.dir = dir;
        store = DefaultMessageStore.open(StoreSettings.builder().storePathRootDir(dir)
                .mappedFileSizeCommitLog(1024 * 1024).mappedFileSizeConsumeQueue(20 * 1000)
                .maxMessageSize(64 * 1024).cleanResourceInterval(3_600_000).build());
        store.useFlushPolicy(flush, StoreSettings.ASYNC_FLUSH);
        Map<String, Object> values = new HashMap<>();
        values.put("brokerIP1", "127.0.0.1");
        values.put("bindAddress", "127.0.0.1");
        values.put("listenPort", 0);
        values.put("namesrvAddr", nameServer.address());
        values.put("sendMessageThreadPoolNums", 2);
        values.put("pullMessageThreadPoolNums", 2);
        values.put("adminBrokerThreadPoolNums", 2);
        values.put("heartbeatThreadPoolNums", 1);
        values.putAll(overrides);
        try {
            core = new BrokerCore(BrokerSettings.of(values), store, System::currentTimeMillis, configService::get,
                    List.of(), replication.apply(store));
            core.start();
        } catch (Exception | Error e) {
            client.close();
            nameServer.close();
            store.close();
            throw e;
        }
    }

    /** Waits (at most 10 s) until consume queues and index cover every stored message. */
    void dispatched() throws InterruptedException {
        if (!store.awaitDispatched(10_000)) {
            throw new AssertionError("the store did not dispatch within 10 s");
        }
    }

    String address() {
        return core.context().brokerAddress();
    }

    RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(address(), request, 5000);
    }

    /** A SEND_MESSAGE_V2 request with the client's usual header. */
    static RemotingCommand sendV2(String topic, int queueId, String properties, String body) {
        RemotingCommand r = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        r.put("a", "pg").put("b", topic).put("c", "TBW102").put("d", 4).put("e", queueId).put("f", 0)
                .put("g", 1_700_000_000_000L).put("h", 7).put("i", properties).put("j", 0).put("k", false)
                .put("m", false).put("n", "broker-a");
        return r.body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads back the stored record of an offset message id through VIEW_MESSAGE_BY_ID. */
    StoredMessage view(String offsetMsgId) throws Exception {
        long offset = MessageIds.decode(offsetMsgId).physicalOffset();
        RemotingCommand r = RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID).put("offset", offset);
        RemotingCommand response = call(r);
        if (response.code() != 0) {
            throw new AssertionError("VIEW_MESSAGE_BY_ID answered " + response.code() + " " + response.remark());
        }
        return MessageCodec.decode(ByteBuffer.wrap(response.body()), 0, true);
    }

    @Override
    public void close() {
        try {
            if (core != null) {
                core.close();
            }
        } finally {
            for (AutoCloseable c : closeBeforeStore) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            client.close();
            nameServer.close();
            store.close();
        }
    }
}
