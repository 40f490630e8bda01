package io.comet.tools.internal;

import io.comet.common.DataVersion;
import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.common.RegisterBrokerBody;
import io.comet.common.StoredMessage;
import io.comet.common.TopicConfig;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.ServerSettings;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker endpoint for the admin tool's tests, made with Comet's {@link Remoting#newServer}: it answers the admin
 * requests the way the protocol sheet (4.16) describes, from in-memory topics, configuration and messages, and
 * records every request it got. It registers itself with a NameServer like a real broker.
 */
final class FakeBroker implements AutoCloseable {
    final String cluster;
    final String name;
    final RemotingServer server;
    final String addr;
    final List<RemotingCommand> requests = new CopyOnWriteArrayList<>();
    final Map<String, TopicConfig> topics = new TreeMap<>();
    final Map<String, String> config = new TreeMap<>();
    final Map<String, String> runtime = new TreeMap<>();
    /** Stored messages by commit-log offset (their encoded record). */
    final Map<Long, byte[]> records = new TreeMap<>();
    final List<StoredMessage> stored = new ArrayList<>();
    private long nextPhysical = 0;
    private RemotingClient registrar;

    FakeBroker(String cluster, String name) {
        this.cluster = cluster;
        this.name = name;
        server = Remoting.newServer(ServerSettings.of("fake-broker", "127.0.0.1", 0));
        addr = "127.0.0.1:" + server.port();
        config.put("brokerName", name);
        config.put("brokerClusterName", cluster);
        config.put("brokerRole", "ASYNC_MASTER");
        config.put("flushDiskType", "ASYNC_FLUSH");
        int[] codes = {RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.GET_BROKER_CONFIG,
            RequestCode.UPDATE_BROKER_CONFIG, RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER,
            RequestCode.GET_TOPIC_STATS_INFO, RequestCode.GET_CONSUME_STATS, RequestCode.GET_CONSUMER_CONNECTION_LIST,
            RequestCode.GET_PRODUCER_CONNECTION_LIST, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
            RequestCode.DELETE_SUBSCRIPTIONGROUP, Requests.INVOKE_BROKER_TO_RESET_OFFSET, RequestCode.SEND_MESSAGE_V2,
            RequestCode.VIEW_MESSAGE_BY_ID, RequestCode.QUERY_MESSAGE, RequestCode.PULL_MESSAGE,
            RequestCode.GET_MIN_OFFSET, RequestCode.GET_MAX_OFFSET, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO};
        server.registerProcessor((ch, req) -> CompletableFuture.completedFuture(answer(req)), "default", codes);
    }

    /**
     * Registers with the NameServer (REGISTER_BROKER, broker id 0) with the current topics. The connection stays
     * open until {@link #close}: the NameServer drops a broker whose registering connection closes.
     */
    synchronized void register(String namesrv) throws Exception {
        if (registrar == null) {
            registrar = Remoting.newClient(ClientSettings.defaults());
        }
        RemotingClient c = registrar;
        {
            byte[] body = new RegisterBrokerBody(new TopicConfigSerializeWrapper(new LinkedHashMap<>(topics),
                    new DataVersion(System.nanoTime(), 0, System.currentTimeMillis())), List.of()).encode(false);
            RemotingCommand r = c.invokeSync(namesrv, RemotingCommand.request(RequestCode.REGISTER_BROKER)
                    .put("brokerName", name).put("brokerAddr", addr).put("clusterName", cluster)
                    .put("haServerAddr", "127.0.0.1:1").put("brokerId", 0).put("compressed", false)
                    .put("bodyCrc32", 0).body(body), 15_000);
            if (r.code() != 0) {
                throw new IllegalStateException("register failed: " + r);
            }
        }
    }

    /** Stores a message as the broker would; returns it decoded. */
    synchronized StoredMessage store(String topic, int queueId, String body, String keys, String uniq) {
        Map<String, String> props = new LinkedHashMap<>();
        if (keys != null) {
            props.put(MessageProperties.KEYS, keys);
        }
        props.put(MessageProperties.UNIQ_KEY, uniq);
        MessageRecord m = MessageRecord.of(topic, queueId, body.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(props)).withStoreHost(new InetSocketAddress("127.0.0.1", server.port()));
        long queueOffset = stored.stream().filter(s -> s.topic().equals(topic) && s.queueId() == queueId).count();
        ByteBuffer b = MessageCodec.encode(m, queueOffset, nextPhysical, 1_700_000_000_000L + nextPhysical);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        records.put(nextPhysical, bytes);
        nextPhysical += bytes.length;
        StoredMessage s = MessageCodec.decode(ByteBuffer.wrap(bytes), 0, true);
        stored.add(s);
        return s;
    }

    List<RemotingCommand> requests(int code) {
        return requests.stream().filter(r -> r.code() == code).toList();
    }

    private synchronized RemotingCommand answer(RemotingCommand req) throws Exception {
        requests.add(req);
        RemotingCommand ok = RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
        switch (req.code()) {
            case RequestCode.GET_BROKER_RUNTIME_INFO:
                return ok.body(Json.toBytes(new KVTable(runtime)));
            case RequestCode.GET_BROKER_CONFIG: {
                StringBuilder sb = new StringBuilder();
                config.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                return ok.body(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            case RequestCode.UPDATE_BROKER_CONFIG: {
                Properties p = new Properties();
                p.load(new StringReader(new String(req.body(), StandardCharsets.UTF_8)));
                p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
                return ok;
            }
            case RequestCode.UPDATE_AND_CREATE_TOPIC:
                topics.put(req.field("topic"), new TopicConfig(req.field("topic"),
                        Integer.parseInt(req.field("readQueueNums")), Integer.parseInt(req.field("writeQueueNums")),
                        Integer.parseInt(req.field("perm")), null, 0, Boolean.parseBoolean(req.field("order")), null));
                return ok;
            case RequestCode.DELETE_TOPIC_IN_BROKER:
                topics.remove(req.field("topic"));
                return ok;
            case RequestCode.GET_TOPIC_STATS_INFO: {
                TopicConfig t = topics.get(req.field("topic"));
                if (t == null) {
                    return RemotingCommand.responseTo(req, ResponseCode.TOPIC_NOT_EXIST, "topic not exist");
                }
                Map<String, Object> table = new LinkedHashMap<>();
                for (int q = t.writeQueueNums() - 1; q >= 0; q--) {
                    int qid = q;
                    long max = stored.stream().filter(s -> s.topic().equals(t.topicName()) && s.queueId() == qid).count();
                    table.put(mq(t.topicName(), qid), Map.of("minOffset", 0, "maxOffset", max,
                            "lastUpdateTimestamp", max == 0 ? 0 : 1_700_000_000_000L));
                }
                return ok.body(Json.toBytes(Map.of("offsetTable", table)));
            }
            case RequestCode.GET_CONSUME_STATS: {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put(mq("TopicA", 1), Map.of("brokerOffset", 10, "consumerOffset", 7, "pullOffset", 9,
                        "lastTimestamp", 0));
                table.put(mq("TopicA", 0), Map.of("brokerOffset", 5, "consumerOffset", 5, "pullOffset", 5,
                        "lastTimestamp", 0));
                return ok.body(Json.toBytes(Map.of("consumeTps", 1.5, "offsetTable", table)));
            }
            case RequestCode.GET_CONSUMER_CONNECTION_LIST:
                if (!"cg".equals(req.field("consumerGroup"))) {
                    return RemotingCommand.responseTo(req, ResponseCode.CONSUMER_NOT_ONLINE, "not online");
                }
                return ok.body(Json.toBytes(Map.of("connectionSet", List.of(Map.of("clientId", "10.0.0.1@1#2",
                        "clientAddr", "10.0.0.1:5555", "language", "JAVA", "version", 475)),
                        "subscriptionTable", Map.of("TopicA", Map.of("topic", "TopicA", "subString", "TagA || TagB")),
                        "consumeType", "CONSUME_PASSIVELY", "messageModel", "CLUSTERING",
                        "consumeFromWhere", "CONSUME_FROM_LAST_OFFSET")));
            case RequestCode.GET_PRODUCER_CONNECTION_LIST:
                return ok.body(Json.toBytes(Map.of("connectionSet", List.of(Map.of("clientId", "10.0.0.2@7#8",
                        "clientAddr", "10.0.0.2:6666", "language", "JAVA", "version", 409)))));
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP:
            case RequestCode.DELETE_SUBSCRIPTIONGROUP:
                return ok;
            case Requests.INVOKE_BROKER_TO_RESET_OFFSET: {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put(mq(req.field("topic"), 1), 3L);
                table.put(mq(req.field("topic"), 0), 2L);
                return ok.body(Json.toBytes(Map.of("offsetTable", table)));
            }
            case RequestCode.SEND_MESSAGE_V2: {
                String uniq = MessageProperties.get(req.field("i"), MessageProperties.UNIQ_KEY);
                StoredMessage s = store(req.field("b"), Integer.parseInt(req.field("e")),
                        new String(req.body(), StandardCharsets.UTF_8),
                        MessageProperties.get(req.field("i"), MessageProperties.KEYS), uniq);
                return ok.put("msgId", s.offsetMsgId()).put("queueId", s.queueId()).put("queueOffset", s.queueOffset())
                        .put("MSG_REGION", "DefaultRegion").put("TRACE_ON", "true");
            }
            case RequestCode.VIEW_MESSAGE_BY_ID: {
                byte[] r = records.get(Long.parseLong(req.field("offset")));
                return r == null ? RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR,
                        "can not find message by the offset") : ok.body(r);
            }
            case RequestCode.QUERY_MESSAGE: {
                boolean unique = Boolean.parseBoolean(req.field("_UNIQUE_KEY_QUERY"));
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                for (StoredMessage s : stored) {
                    String k = s.property(unique ? MessageProperties.UNIQ_KEY : MessageProperties.KEYS);
                    if (s.topic().equals(req.field("topic")) && k != null
                            && List.of(k.split(" ")).contains(req.field("key"))) {
                        out.write(records.get(s.physicalOffset()));
                    }
                }
                return out.size() == 0 ? RemotingCommand.responseTo(req, ResponseCode.QUERY_NOT_FOUND, "not found")
                        : ok.put("indexLastUpdateTimestamp", 0).put("indexLastUpdatePhyoffset", 0)
                        .body(out.toByteArray());
            }
            case RequestCode.PULL_MESSAGE: {
                String topic = req.field("topic");
                int qid = Integer.parseInt(req.field("queueId"));
                long from = Long.parseLong(req.field("queueOffset"));
                int max = Integer.parseInt(req.field("maxMsgNums"));
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                long next = from;
                for (StoredMessage s : stored) {
                    if (s.topic().equals(topic) && s.queueId() == qid && s.queueOffset() >= from && next - from < max) {
                        out.write(records.get(s.physicalOffset()));
                        next = s.queueOffset() + 1;
                    }
                }
                RemotingCommand r = out.size() == 0
                        ? RemotingCommand.responseTo(req, ResponseCode.PULL_NOT_FOUND, "no new message")
                        : ok.body(out.toByteArray());
                return r.put("nextBeginOffset", next).put("minOffset", 0).put("maxOffset", maxOffset(topic, qid))
                        .put("suggestWhichBrokerId", 0);
            }
            case RequestCode.GET_MIN_OFFSET:
                return ok.put("offset", 0);
            case RequestCode.GET_MAX_OFFSET:
                return ok.put("offset", maxOffset(req.field("topic"), Integer.parseInt(req.field("queueId"))));
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO:
                return ok.body(Json.toBytes(Map.of("groupList", List.of("cg"))));
            default:
                return RemotingCommand.responseTo(req, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "unsupported");
        }
    }

    private long maxOffset(String topic, int qid) {
        return stored.stream().filter(s -> s.topic().equals(topic) && s.queueId() == qid).count();
    }

    /** A MessageQueue map key in the string form Comet writes. */
    private String mq(String topic, int qid) {
        return Json.toString(Map.of("brokerName", name, "queueId", qid, "topic", topic));
    }

    @Override
    public void close() {
        if (registrar != null) {
            registrar.close();
        }
        server.close();
    }
}
