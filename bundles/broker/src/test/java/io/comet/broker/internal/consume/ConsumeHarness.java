package io.comet.broker.internal.consume;

import io.comet.broker.internal.BrokerCore;
import io.comet.broker.internal.BrokerSettings;
import io.comet.broker.internal.Replication;
import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.common.Json;
import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.common.StoredMessage;
import io.comet.common.TopicConfig;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.StoreSettings;
import io.comet.store.internal.DefaultMessageStore;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A broker with its consuming side, in process on 127.0.0.1 (port 0) over a real store in a temp folder, no
 * NameServer, and a remoting client to drive it. The broker's clock can be frozen to test time rules.
 */
public final class ConsumeHarness implements AutoCloseable {
    public static final InetSocketAddress BORN = new InetSocketAddress("127.0.0.1", 40000);

    public final Path dir;
    public final DefaultMessageStore store;
    public final BrokerCore core;
    public final RemotingClient client = Remoting.newClient(ClientSettings.defaults());
    final AtomicReference<ConsumeSide> side = new AtomicReference<>();
    private volatile Long frozenNow;

    public ConsumeHarness(Path dir, Map<String, ?> overrides) throws Exception {
        this(dir, overrides, Replication.none());
    }

    /** A broker whose role comes from {@code replication} (a fake HA service makes it a SLAVE). */
    public ConsumeHarness(Path dir, Map<String, ?> overrides, Replication replication) throws Exception {
        this.dir = dir;
        store = DefaultMessageStore.open(StoreSettings.builder().storePathRootDir(dir)
                .mappedFileSizeCommitLog(1024 * 1024).mappedFileSizeConsumeQueue(20 * 1000)
                .maxMessageSize(64 * 1024).cleanResourceInterval(3_600_000).build());
        store.useFlushPolicy(new Immediate(), StoreSettings.ASYNC_FLUSH);
        Map<String, Object> values = new HashMap<>();
        values.put("brokerIP1", "127.0.0.1");
        values.put("bindAddress", "127.0.0.1");
        values.put("listenPort", 0);
        values.put("brokerName", "broker-a");
        values.put("sendMessageThreadPoolNums", 2);
        values.put("pullMessageThreadPoolNums", 4);
        values.put("adminBrokerThreadPoolNums", 2);
        values.put("heartbeatThreadPoolNums", 1);
        values.putAll(overrides);
        core = new BrokerCore(BrokerSettings.of(values), store, this::now, () -> null,
                List.of(ctx -> {
                    ConsumeSide s = ConsumeSide.start(ctx);
                    side.set(s);
                    return s;
                }), replication);
        core.start();
    }

    public long now() {
        Long f = frozenNow;
        return f != null ? f : System.currentTimeMillis();
    }

    /** Freezes the broker's clock at {@code millis}; null lets it run again. */
    public void freezeClock(Long millis) {
        frozenNow = millis;
    }

    public ConsumeSide side() {
        return side.get();
    }

    public String address() {
        return core.context().brokerAddress();
    }

    public void createTopic(String topic, int queues) {
        core.context().topics().put(TopicConfig.of(topic, queues, queues));
    }

    public RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(address(), request, 5000);
    }

    public CompletableFuture<RemotingCommand> callAsync(RemotingCommand request, long timeoutMillis) {
        return client.invoke(address(), request, timeoutMillis);
    }

    /** Stores a message directly and waits until it is dispatched. */
    public PutResult put(String topic, int queueId, String body, Map<String, String> props) throws Exception {
        MessageRecord m = new MessageRecord(topic, queueId, 0, body.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(props), 0, System.currentTimeMillis(), BORN,
                core.context().storeHost(), 0, 0);
        PutResult r = store.putMessage(m).get(5, TimeUnit.SECONDS);
        if (r.status() != PutStatus.PUT_OK) {
            throw new AssertionError("put failed: " + r.status());
        }
        dispatched();
        return r;
    }

    public PutResult put(String topic, int queueId, String body, String tags) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        if (tags != null) {
            p.put(MessageProperties.TAGS, tags);
        }
        p.put(MessageProperties.UNIQ_KEY, "U" + body);
        return put(topic, queueId, body, p);
    }

    public void dispatched() throws InterruptedException {
        if (!store.awaitDispatched(10_000)) {
            throw new AssertionError("the store did not dispatch within 10 s");
        }
    }

    /** A pull request as the clients send it. */
    public static RemotingCommand pull(String group, String topic, int queueId, long offset, int sysFlag, long suspend,
                                String subscription, String type) {
        RemotingCommand r = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .put("consumerGroup", group).put("topic", topic).put("queueId", queueId).put("queueOffset", offset)
                .put("maxMsgNums", 32).put("sysFlag", sysFlag).put("commitOffset", 0)
                .put("suspendTimeoutMillis", suspend).put("subVersion", 0).put("bname", "broker-a");
        if (subscription != null) {
            r.put("subscription", subscription).put("expressionType", type == null ? "TAG" : type);
        }
        return r;
    }

    /** A heartbeat of one consumer client with one subscription per entry of {@code subs} (topic, expression). */
    public static RemotingCommand heartbeat(String clientId, String group, String model, Map<String, String> subs,
                                     String type) throws Exception {
        List<Map<String, Object>> subList = new ArrayList<>();
        for (Map.Entry<String, String> e : subs.entrySet()) {
            SubscriptionData sd = SubscriptionData.build(e.getKey(), e.getValue(), type, 1000);
            subList.add(Json.mapper().convertValue(sd, Map.class));
        }
        Map<String, Object> consumer = new LinkedHashMap<>();
        consumer.put("groupName", group);
        consumer.put("consumeType", "CONSUME_PASSIVELY");
        consumer.put("messageModel", model);
        consumer.put("consumeFromWhere", "CONSUME_FROM_LAST_OFFSET");
        consumer.put("subscriptionDataSet", subList);
        consumer.put("unitMode", false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientID", clientId);
        body.put("consumerDataSet", List.of(consumer));
        body.put("producerDataSet", List.of(Map.of("groupName", "CLIENT_INNER_PRODUCER")));
        return RemotingCommand.request(RequestCode.HEART_BEAT).body(Json.toBytes(body));
    }

    /** The records of a pull body, in order. */
    public static List<StoredMessage> records(RemotingCommand response) {
        List<StoredMessage> out = new ArrayList<>();
        byte[] body = response.body();
        if (body == null) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        while (b.hasRemaining()) {
            StoredMessage m = MessageCodec.decode(b, b.position(), true);
            out.add(m);
            b.position(b.position() + m.totalSize());
        }
        return out;
    }

    public static List<String> bodies(RemotingCommand response) {
        List<String> out = new ArrayList<>();
        for (StoredMessage m : records(response)) {
            out.add(new String(m.body(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            core.close();
        } finally {
            client.close();
            store.close();
        }
    }

    /** Acknowledges appends at once; flushes on close. */
    static final class Immediate implements FlushPolicy {
        private volatile FlushTarget target;

        @Override
        public void attach(FlushTarget t) {
            target = t;
        }

        @Override
        public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
            return CompletableFuture.completedFuture(PutStatus.PUT_OK);
        }

        @Override
        public void handOver(FlushPolicy successor) {
            if (successor == null && target != null) {
                target.flush(0);
            }
        }
    }
}
