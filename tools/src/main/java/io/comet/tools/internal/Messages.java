package io.comet.tools.internal;

import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.StoredMessage;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Message traffic of the tools: SEND_MESSAGE_V2 with a client-made unique id, PULL_MESSAGE of stored records,
 * and printing a message the way {@code queryMsgById} does.
 */
final class Messages {
    /** Tool's producer and consumer group names (RocketMQ's tools use these). */
    static final String TOOLS_PRODUCER = "TOOLS_PRODUCER";
    static final String TOOLS_CONSUMER = "TOOLS_CONSUMER";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Messages() { }

    /** What a send answered. */
    record SendResult(String msgId, String offsetMsgId, int queueId, long queueOffset) { }

    /** What a pull answered: code 0 with records, or 19/20/21 and the next offset. */
    record PullResult(int code, long nextBeginOffset, long minOffset, long maxOffset, List<StoredMessage> messages) { }

    static SendResult send(AdminSession s, String addr, String brokerName, String topic, int queueId, byte[] body,
                           String tags, String keys) throws AdminException {
        String uniq = uniqueId();
        Map<String, String> props = new LinkedHashMap<>();
        if (keys != null && !keys.isEmpty()) {
            props.put(MessageProperties.KEYS, keys);
        }
        if (tags != null && !tags.isEmpty()) {
            props.put(MessageProperties.TAGS, tags);
        }
        props.put(MessageProperties.UNIQ_KEY, uniq);
        props.put(MessageProperties.WAIT, "true");
        RemotingCommand req = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).put("a", TOOLS_PRODUCER)
                .put("b", topic).put("c", "TBW102").put("d", 4).put("e", queueId).put("f", 0)
                .put("g", System.currentTimeMillis()).put("h", 0).put("i", MessageProperties.encode(props))
                .put("j", 0).put("k", false).put("m", false).put("n", brokerName).body(body);
        RemotingCommand r = s.call(addr, req, ResponseCode.SUCCESS, ResponseCode.FLUSH_DISK_TIMEOUT,
                ResponseCode.SLAVE_NOT_AVAILABLE, ResponseCode.FLUSH_SLAVE_TIMEOUT);
        try {
            return new SendResult(uniq, r.field("msgId"), r.intField("queueId", queueId),
                    r.longField("queueOffset", -1));
        } catch (io.comet.remoting.RemotingCommandException e) {
            throw new AdminException(-1, "send response from " + addr + ": " + e.getMessage());
        }
    }

    static PullResult pull(AdminSession s, String addr, String group, String topic, int queueId, long offset,
                           int max) throws AdminException {
        RemotingCommand req = RemotingCommand.request(RequestCode.PULL_MESSAGE).put("consumerGroup", group)
                .put("topic", topic).put("queueId", queueId).put("queueOffset", offset).put("maxMsgNums", max)
                .put("sysFlag", 4).put("commitOffset", 0).put("suspendTimeoutMillis", 0).put("subscription", "*")
                .put("subVersion", 0).put("expressionType", "TAG");
        RemotingCommand r = s.call(addr, req, ResponseCode.SUCCESS, ResponseCode.PULL_NOT_FOUND,
                ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED);
        try {
            return new PullResult(r.code(), r.longField("nextBeginOffset", offset), r.longField("minOffset", 0),
                    r.longField("maxOffset", 0), r.code() == ResponseCode.SUCCESS ? decodeAll(r.body()) : List.of());
        } catch (io.comet.remoting.RemotingCommandException e) {
            throw new AdminException(-1, "pull response from " + addr + ": " + e.getMessage());
        }
    }

    /** GET_MIN_OFFSET or GET_MAX_OFFSET of one queue. */
    static long offset(AdminSession s, String addr, int code, String topic, int queueId) throws AdminException {
        RemotingCommand r = s.call(addr, RemotingCommand.request(code).put("topic", topic).put("queueId", queueId));
        try {
            return r.requireLong("offset");
        } catch (io.comet.remoting.RemotingCommandException e) {
            throw new AdminException(-1, e.getMessage());
        }
    }

    /** Stored records one after another (pull, query and view bodies). */
    static List<StoredMessage> decodeAll(byte[] body) {
        List<StoredMessage> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        ByteBuffer buf = ByteBuffer.wrap(body);
        int at = 0;
        while (at < body.length) {
            StoredMessage m = MessageCodec.decode(buf, at, false);
            out.add(m);
            at += m.totalSize();
        }
        return out;
    }

    /** The id users see: the UNIQ_KEY property when set, else the offset id. */
    static String msgId(StoredMessage m) {
        String u = m.property(MessageProperties.UNIQ_KEY);
        return u != null ? u : m.offsetMsgId();
    }

    /** Prints a message in the layout of RocketMQ's {@code queryMsgById}. */
    static void print(PrintStream out, StoredMessage m) {
        print(out, m, clientProperties(m));
    }

    /** As {@link #print(PrintStream, StoredMessage)}, with the properties as given. */
    static void print(PrintStream out, StoredMessage m, Map<String, String> properties) {
        out.printf("%-20s %s%n", "OffsetID:", m.offsetMsgId());
        out.printf("%-20s %s%n", "Topic:", m.topic());
        out.printf("%-20s %s%n", "Tags:", "[" + m.property(MessageProperties.TAGS) + "]");
        out.printf("%-20s %s%n", "Keys:", "[" + m.property(MessageProperties.KEYS) + "]");
        out.printf("%-20s %d%n", "Queue ID:", m.queueId());
        out.printf("%-20s %d%n", "Queue Offset:", m.queueOffset());
        out.printf("%-20s %d%n", "CommitLog Offset:", m.physicalOffset());
        out.printf("%-20s %d%n", "Reconsume Times:", m.reconsumeTimes());
        out.printf("%-20s %s%n", "Born Timestamp:", Formats.millis(m.bornTimestamp()));
        out.printf("%-20s %s%n", "Store Timestamp:", Formats.millis(m.storeTimestamp()));
        out.printf("%-20s %s%n", "Born Host:", host(m.bornHost()));
        out.printf("%-20s %s%n", "Store Host:", host(m.storeHost()));
        out.printf("%-20s %d%n", "System Flag:", m.sysFlag());
        out.printf("%-20s %s%n", "Properties:", properties);
        out.printf("%-20s %s%n", "Message Body:", new String(m.body(), StandardCharsets.UTF_8));
    }

    /** The properties as the official client holds them (a HashMap of capacity 128), so they print in its order. */
    static Map<String, String> clientProperties(StoredMessage m) {
        Map<String, String> props = new HashMap<>(128);
        props.putAll(MessageProperties.decode(m.properties()));
        return props;
    }

    /** The properties of a pulled message as the official client holds them: plus MIN_OFFSET and MAX_OFFSET. */
    static Map<String, String> pulledProperties(StoredMessage m, PullResult r) {
        Map<String, String> props = clientProperties(m);
        props.put("MIN_OFFSET", String.valueOf(r.minOffset()));
        props.put("MAX_OFFSET", String.valueOf(r.maxOffset()));
        return props;
    }

    private static String host(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /**
     * A unique message id like RocketMQ clients make (32 hex characters): this host's IPv4 address, the process
     * id, a per-run number, the milliseconds since start of the run and a counter.
     */
    static String uniqueId() {
        ByteBuffer b = ByteBuffer.allocate(16);
        byte[] ip;
        try {
            ip = InetAddress.getLoopbackAddress().getAddress();
            if (ip.length != 4) {
                ip = new byte[] {127, 0, 0, 1};
            }
        } catch (RuntimeException e) {
            ip = new byte[] {127, 0, 0, 1};
        }
        b.put(ip);
        b.putShort((short) ProcessHandle.current().pid());
        b.putInt(ManagementFactory.getRuntimeMXBean().getStartTime() > 0
                ? (int) ManagementFactory.getRuntimeMXBean().getStartTime() : 0);
        b.putInt((int) System.currentTimeMillis());
        b.putShort((short) COUNTER.getAndIncrement());
        StringBuilder sb = new StringBuilder();
        for (byte x : b.array()) {
            sb.append(String.format("%02X", x));
        }
        return sb.toString();
    }
}
