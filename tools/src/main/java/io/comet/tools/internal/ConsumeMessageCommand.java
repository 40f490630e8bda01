package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;

import io.comet.common.PermName;
import io.comet.common.QueueData;
import io.comet.common.StoredMessage;
import io.comet.common.TopicRouteData;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * {@code consumeMessage}: pulls messages and prints them as RocketMQ 5.3.1's tool does. Without {@code -i}, the
 * oldest {@code -c} messages (default 128) of the topic's readable queues, queue after queue in the order the
 * official client's subscribe set iterates; with {@code -b -i [-o]}, one queue from the offset (or its minimum).
 * {@code -s}/{@code -e} narrow the range to store times (SEARCH_OFFSET_BY_TIMESTAMP). Each pulled batch prints
 * {@code Consume ok} and one {@code MSGID: <id> <MessageExt text> BODY: <body>} line per message; the end of a
 * queue prints {@code <MessageQueue> print msg finished. status=NO_NEW_MSG, offset=N}.
 */
final class ConsumeMessageCommand {
    private ConsumeMessageCommand() { }

    static AdminCommand command() {
        return new AdminCommand("consumeMessage", "Consume message.", java.util.List.of(
                arg("t", "topic", true, "Topic name"),
                arg("b", "brokerName", false, "Broker name"),
                arg("i", "queueId", false, "Queue Id"),
                arg("o", "offset", false, "Queue offset"),
                arg("g", "consumerGroup", false, "Consumer group name"),
                arg("s", "beginTimestamp", false, "Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"),
                arg("e", "endTimestamp", false, "End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"),
                arg("c", "MessageNumber", false, "Number of message to be consumed")),
                ConsumeMessageCommand::run);
    }

    /** A queue as the official client's {@code MessageQueue}: same hash code, so a HashSet iterates alike. */
    private record Queue(String topic, String brokerName, int queueId) {
        @Override
        public int hashCode() {
            return 31 * (31 * (31 + brokerName.hashCode()) + queueId) + topic.hashCode();
        }

        @Override
        public String toString() {
            return "MessageQueue [topic=" + topic + ", brokerName=" + brokerName + ", queueId=" + queueId + "]";
        }
    }

    private static void run(ParsedArgs a, AdminSession s) throws UsageException, AdminException {
        long count = a.longValue("c", 128);
        if (count <= 0) {
            throw new UsageException("Please input a positive messageNumber!");
        }
        if (a.has("i") && !a.has("b")) {
            throw new UsageException("Please set the brokerName before queueId!");
        }
        if (a.has("o") && !a.has("i")) {
            throw new UsageException("Please set queueId before offset!");
        }
        long now = System.currentTimeMillis();
        long begin = a.has("s") ? Formats.timestamp(a.get("s"), "s") : 0;
        long end = a.has("e") ? Formats.timestamp(a.get("e"), "e") : 0;
        if (begin > now) {
            throw new UsageException("Please set the beginTimestamp before now!");
        }
        if (end > now) {
            throw new UsageException("Please set the endTimestamp before now!");
        }
        if (a.has("s") && a.has("e") && begin > end) {
            throw new UsageException(
                    "Please make sure that the beginTimestamp is less than or equal to the endTimestamp");
        }
        String topic = a.get("t");
        Puller p = new Puller(s, Requests.route(s, topic), a.get("g", Messages.TOOLS_CONSUMER));
        if (a.has("i")) {
            byCondition(p, new Queue(topic, a.get("b"), a.intValue("i", 0)), a.longValue("o", 0), begin, end, count);
        } else {
            byDefault(p, topic, begin, end, count);
        }
    }

    private static void byDefault(Puller p, String topic, long begin, long end, long count) throws AdminException {
        Set<Queue> queues = new java.util.HashSet<>();
        for (QueueData q : p.route.queueDatas()) {
            if (PermName.isReadable(q.perm())) {
                for (int i = 0; i < q.readQueueNums(); i++) {
                    queues.add(new Queue(topic, q.brokerName(), i));
                }
            }
        }
        long left = count;
        for (Queue q : queues) {
            if (left == 0) {
                return;
            }
            long[] range = p.range(q, begin, end);
            if (range[1] - range[0] > left) {
                p.out.printf("The older %d message of the %d queue will be provided\n", left, q.queueId());
                range[1] = range[0] + left - 1;
                left = 0;
            } else {
                left = left - (range[1] - range[0]) - 1;
            }
            p.pullQueue(q, range[0], range[1]);
        }
    }

    private static void byCondition(Puller p, Queue q, long offset, long begin, long end, long count)
            throws AdminException {
        long[] range = p.range(q, begin, end);
        if (offset > range[1]) {
            p.out.printf("%s no matched msg, offset=%s\n", q, offset);
            return;
        }
        long start = Math.max(offset, range[0]);
        long max = range[1];
        if (max - start > count) {
            p.out.printf("The oldler %d message will be provided\n", count);
            max = start + count - 1;
        }
        p.pullQueue(q, start, max);
    }

    /** Pulls of one run. */
    private static final class Puller {
        final AdminSession s;
        final TopicRouteData route;
        final String group;
        final PrintStream out;

        Puller(AdminSession s, TopicRouteData route, String group) {
            this.s = s;
            this.route = route;
            this.group = group;
            this.out = s.out();
        }

        String addr(Queue q) throws AdminException {
            String addr = Requests.masterOf(route, q.brokerName());
            if (addr == null) {
                throw new AdminException(-1, "The broker[" + q.brokerName() + "] not exist");
            }
            return addr;
        }

        /** {min, max} of the queue, narrowed to store times when given (0 = not given). */
        long[] range(Queue q, long begin, long end) throws AdminException {
            String addr = addr(q);
            long min = Messages.offset(s, addr, RequestCode.GET_MIN_OFFSET, q.topic(), q.queueId());
            long max = Messages.offset(s, addr, RequestCode.GET_MAX_OFFSET, q.topic(), q.queueId());
            if (begin > 0) {
                min = search(addr, q, begin);
            }
            if (end > 0) {
                max = search(addr, q, end);
            }
            return new long[] {min, max};
        }

        private long search(String addr, Queue q, long timestamp) throws AdminException {
            RemotingCommand r = s.call(addr, RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)
                    .put("topic", q.topic()).put("queueId", q.queueId()).put("timestamp", timestamp));
            try {
                return r.requireLong("offset");
            } catch (io.comet.remoting.RemotingCommandException e) {
                throw new AdminException(-1, e.getMessage());
            }
        }

        /** RocketMQ's pullMessageByQueue: from {@code min} while at most {@code max}, until no new message. */
        void pullQueue(Queue q, long min, long max) throws AdminException {
            String addr = addr(q);
            long offset = min;
            while (offset <= max) {
                Messages.PullResult r = Messages.pull(s, addr, group, q.topic(), q.queueId(), offset,
                        (int) Math.min(Integer.MAX_VALUE, max - offset + 1));
                offset = r.nextBeginOffset();
                switch (r.code()) {
                    case ResponseCode.SUCCESS -> {
                        out.print("Consume ok\n");
                        for (StoredMessage m : r.messages()) {
                            out.printf("MSGID: %s %s BODY: %s%n", Messages.msgId(m), messageExt(m, q, r),
                                    new String(m.body(), StandardCharsets.UTF_8));
                        }
                    }
                    case ResponseCode.PULL_RETRY_IMMEDIATELY ->
                        out.printf("%s no matched msg. status=%s, offset=%s\n", q, "NO_MATCHED_MSG", offset);
                    default -> {
                        out.printf("%s print msg finished. status=%s, offset=%s\n", q,
                                r.code() == ResponseCode.PULL_OFFSET_MOVED ? "OFFSET_ILLEGAL" : "NO_NEW_MSG", offset);
                        return;
                    }
                }
            }
        }
    }

    /**
     * The official client's {@code MessageExt.toString()} of a pulled message: the properties as the client holds
     * them ({@link Messages#clientProperties} plus the pull's MIN_OFFSET and MAX_OFFSET), the body as signed bytes.
     */
    static String messageExt(StoredMessage m, Queue q, Messages.PullResult r) {
        Map<String, String> props = Messages.pulledProperties(m, r);
        return "MessageExt [brokerName=" + q.brokerName() + ", queueId=" + m.queueId() + ", storeSize=" + m.totalSize()
                + ", queueOffset=" + m.queueOffset() + ", sysFlag=" + m.sysFlag() + ", bornTimestamp="
                + m.bornTimestamp() + ", bornHost=" + host(m.bornHost()) + ", storeTimestamp=" + m.storeTimestamp()
                + ", storeHost=" + host(m.storeHost()) + ", msgId=" + m.offsetMsgId() + ", commitLogOffset="
                + m.physicalOffset() + ", bodyCRC=" + m.bodyCrc() + ", reconsumeTimes=" + m.reconsumeTimes()
                + ", preparedTransactionOffset=" + m.preparedTransactionOffset() + ", toString()=Message{topic='"
                + m.topic() + "', flag=" + m.flag() + ", properties=" + props + ", body=" + Arrays.toString(m.body())
                + ", transactionId='null'}]";
    }

    private static String host(InetSocketAddress a) {
        return "/" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
