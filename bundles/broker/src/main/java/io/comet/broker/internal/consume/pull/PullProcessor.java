package io.comet.broker.internal.consume.pull;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.BrokerSettings;
import io.comet.broker.internal.BrokerConfiguration;
import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.client.ConsumerGroupInfo;
import io.comet.broker.internal.consume.client.ConsumerManager;
import io.comet.broker.internal.consume.filter.FilterExpressionException;
import io.comet.broker.internal.consume.filter.MessageFilters;
import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.broker.internal.consume.group.SubscriptionGroupConfig;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.broker.internal.consume.offset.ConsumeTpsMeter;
import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361), in RocketMQ's order of checks (protocol sheet 4.2): broker
 * readable [16]; subscription group exists or is auto-created [26] and may consume [16]; topic exists [17] and is
 * readable [16]; queue id below readQueueNums [1]; subscription from the header (bit 0x4) [23] or from heartbeats
 * [24, 25]; SQL92 only with {@code enablePropertyFilter} [1]. Then the store read and the result table:
 *
 * <pre>
 * FOUND                        0   nextBeginOffset after the last entry scanned, body = the stored records
 * nothing matched the filter   20  after the entries scanned
 * queue empty or missing       19 when the offset is 0, else 21; next 0
 * offset below min             21  min
 * offset == max                19  offset        (held by long polling on the first attempt with bit 0x2)
 * offset above max             21  max
 * </pre>
 *
 * A held pull runs once more without holding when a wanted message arrives or its time is up
 * ({@code suspendTimeoutMillis}, or {@code shortPollingTimeMills} with {@code longPollingEnable=false}). The
 * commit offset (bit 0x1) is stored on a master at the first attempt. The body is the store's slices, written
 * without copying and released once sent.
 *
 * <p>Pulls of a group that exists already run on the event loop that read them ({@link #runsOnEventLoop}): nothing
 * on that path waits - the consume-queue read and the commit-log slices are reads of mapped memory, the offset
 * commit is a map write, a hold is parked and answered later through the returned stage - so the two thread
 * hand-offs to the pull executor and back are saved for every pull. The page-cache reads of the bodies themselves
 * happen when the event loop writes the zero-copy slices, whichever thread processed the pull. A pull that would
 * auto-create its group (a config file write) uses the pull executor.
 *
 * <p><b>Slaves and {@code suggestWhichBrokerId}</b> (broker README, "Slave reads"): a SLAVE serves pulls like a
 * master, whatever {@code slaveReadEnable} says (4.x behaviour; Apache 5.x refuses them, which breaks the seeds'
 * promise that consumers keep consuming from the slave while the master is down). It never moves a consumer by what
 * it lacks: an offset beyond its queue's end or in a queue it does not have yet is answered 19 at the requested
 * offset (and held), not 21; only an offset below the queue's start is corrected, the logs being the same. The
 * suggestion: a SLAVE that does not reach its master (metadata sync) suggests its own {@code brokerId}, so
 * consumers stay; otherwise, with {@code slaveReadEnable} the group's {@code whichBrokerWhenConsumeSlowly} when
 * the data lies more than {@code accessMessageInMemoryMaxRatio}% of RAM behind the commit log's end, else the
 * group's {@code brokerId}; without it 0 (the master).
 */
public final class PullProcessor implements RequestProcessor {
    /** Byte limit of one answer when the request gives none (RocketMQ: 256 KiB in memory). */
    static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /** Byte limit of one answer at most (clients refuse frames over 16 MiB). */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final BrokerContext ctx;
    private final ConsumerManager consumers;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final ConsumeTpsMeter meter;
    private final LongPollingService holds;
    private final SubscriptionRefresher refresher;
    private final BooleanSupplier masterReachable;
    private volatile Tunables tunables;

    /** The settings a pull reads, taken once per configuration (annotation proxies are slow to query). */
    private record Tunables(BrokerSettings source, boolean readable, boolean autoCreateGroup, boolean propertyFilter,
                            int maxPullMsgNums, boolean longPolling, long shortPollingMillis, boolean slave,
                            boolean slaveRead, int inMemoryRatio, long ownId) {
        static Tunables of(BrokerSettings s) {
            BrokerConfiguration c = s.config();
            return new Tunables(s, PermName.isReadable(c.brokerPermission()), c.autoCreateSubscriptionGroup(),
                    c.enablePropertyFilter(), c.maxPullMsgNums(), c.longPollingEnable(), c.shortPollingTimeMills(),
                    s.role().isSlave(), c.slaveReadEnable(), c.accessMessageInMemoryMaxRatio(),
                    s.registeredBrokerId());
        }
    }

    /** A processor for a broker that is never a slave of a reachable master (tests of the master side). */
    public PullProcessor(BrokerContext ctx, ConsumerManager consumers, SubscriptionGroupTable groups,
                         ConsumerOffsetTable offsets, ConsumeTpsMeter meter, LongPollingService holds) {
        this(ctx, consumers, groups, offsets, meter, holds, () -> false);
    }

    /** @param masterReachable while this broker is a SLAVE: whether its metadata sync reaches the master */
    public PullProcessor(BrokerContext ctx, ConsumerManager consumers, SubscriptionGroupTable groups,
                         ConsumerOffsetTable offsets, ConsumeTpsMeter meter, LongPollingService holds,
                         BooleanSupplier masterReachable) {
        this.masterReachable = masterReachable;
        this.ctx = ctx;
        this.consumers = consumers;
        this.groups = groups;
        this.offsets = offsets;
        this.meter = meter;
        this.holds = holds;
        this.refresher = new SubscriptionRefresher(consumers);
    }

    public static int[] codes() {
        return new int[] {RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE};
    }

    @Override
    public boolean runsOnEventLoop(RemotingCommand request) {
        String group = request.field("consumerGroup");
        return group != null && groups.get(group) != null;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return pull(channel, PullRequest.of(request), true);
    }

    CompletionStage<RemotingCommand> pull(RemotingChannel channel, PullRequest r, boolean firstAttempt) {
        Tunables config = tunables();
        if (!config.readable()) {
            return Responses.done(Responses.error(ResponseCode.NO_PERMISSION,
                    "the broker[" + config.source().brokerIP1() + "] pulling message is forbidden"));
        }
        SubscriptionGroupConfig group = groups.findOrCreate(r.group(), config.autoCreateGroup());
        if (group == null) {
            return Responses.done(Responses.error(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + r.group() + "] does not exist, apply first please!"));
        }
        if (!group.consumeEnable()) {
            return Responses.done(Responses.error(ResponseCode.NO_PERMISSION,
                    "subscription group no permission, " + r.group()));
        }
        TopicConfig topic = ctx.topics().get(r.topic());
        if (topic == null) {
            return Responses.done(Responses.error(ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + r.topic() + "] not exist, apply first please!"));
        }
        if (!PermName.isReadable(topic.perm())) {
            return Responses.done(Responses.error(ResponseCode.NO_PERMISSION,
                    "the topic[" + r.topic() + "] pulling message is forbidden"));
        }
        if (r.queueId() < 0 || r.queueId() >= topic.readQueueNums()) {
            return Responses.done(Responses.error(ResponseCode.SYSTEM_ERROR, "queueId[" + r.queueId()
                    + "] is illegal, topic:[" + r.topic() + "] topicConfig.readQueueNums:[" + topic.readQueueNums()
                    + "] consumer:[" + channel.remoteAddress() + "]"));
        }
        SubscriptionData sub;
        if (r.subscriptionFlag()) {
            try {
                sub = SubscriptionData.build(r.topic(), r.subscription(), r.expressionType(), r.subVersion());
            } catch (FilterExpressionException e) {
                return Responses.done(Responses.error(ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                        "parse the consumer's subscription[" + r.subscription() + "] failed: " + e.getMessage()));
            }
        } else {
            ConsumerGroupInfo info = consumers.group(r.group());
            if (info == null) {
                return Responses.done(Responses.error(ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's group info not exist: " + r.group()));
            }
            if (!group.consumeBroadcastEnable() && info.isBroadcasting()) {
                return Responses.done(Responses.error(ResponseCode.NO_PERMISSION, "the consumer group["
                        + r.group() + "] can not consume by broadcast way"));
            }
            sub = info.subscription(r.topic());
            if (sub == null) {
                return Responses.done(Responses.error(ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription not exist: group " + r.group() + ", topic " + r.topic()));
            }
            if (sub.subVersion() < r.subVersion()) {
                CompletableFuture<Void> asked = refresher.stalePull(channel, r.group());
                if (asked == null) {
                    return Responses.done(notLatest(r));
                }
                return asked.thenCompose(v -> {
                    SubscriptionData now = consumers.subscription(r.group(), r.topic());
                    if (now == null || now.subVersion() < r.subVersion()) {
                        return Responses.done(notLatest(r));
                    }
                    try {
                        return pull(channel, r, firstAttempt);
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
            }
        }
        TagFilter filter;
        try {
            filter = MessageFilters.of(sub, config.propertyFilter());
        } catch (FilterExpressionException e) {
            int code = sub.isTagType() || config.propertyFilter() ? ResponseCode.SUBSCRIPTION_PARSE_FAILED
                    : ResponseCode.SYSTEM_ERROR;
            return Responses.done(Responses.error(code, e.getMessage()));
        }
        return read(channel, r, filter, firstAttempt, config, group);
    }

    private static RemotingCommand notLatest(PullRequest r) {
        return Responses.error(ResponseCode.SUBSCRIPTION_NOT_LATEST,
                "the consumer's subscription not latest: group " + r.group() + ", topic " + r.topic());
    }

    private Tunables tunables() {
        BrokerSettings s = ctx.settings();
        Tunables t = tunables;
        if (t == null || t.source() != s) {
            t = Tunables.of(s);
            tunables = t;
        }
        return t;
    }

    private CompletionStage<RemotingCommand> read(RemotingChannel channel, PullRequest r, TagFilter filter,
                                                  boolean firstAttempt, Tunables config,
                                                  SubscriptionGroupConfig group) {
        int maxCount = Math.max(1, Math.min(r.maxMsgNums(), config.maxPullMsgNums()));
        int maxBytes = r.maxMsgBytes() > 0 ? Math.min(r.maxMsgBytes(), MAX_BYTES) : DEFAULT_MAX_BYTES;
        GetResult result = ctx.store().getMessages(r.group(), r.topic(), r.queueId(), r.queueOffset(), maxCount,
                maxBytes, filter);
        boolean slave = config.slave();
        String key = ConsumerOffsetTable.key(r.topic(), r.group());
        if (firstAttempt && r.commitOffsetFlag() && !slave) {
            offsets.commit(key, r.queueId(), r.commitOffset());
        }
        int code;
        long next = result.nextBeginOffset();
        switch (result.status()) {
            case FOUND -> code = ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL -> code = ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE -> code = ResponseCode.PULL_NOT_FOUND;
            case NO_MATCHED_LOGIC_QUEUE, NO_MESSAGE_IN_QUEUE -> {
                code = r.queueOffset() == 0 ? ResponseCode.PULL_NOT_FOUND : ResponseCode.PULL_OFFSET_MOVED;
                next = 0;
            }
            case OFFSET_OVERFLOW_BADLY -> {
                code = ResponseCode.PULL_OFFSET_MOVED;
                next = result.maxOffset();
            }
            default -> code = ResponseCode.PULL_OFFSET_MOVED;
        }
        if (slave && code == ResponseCode.PULL_OFFSET_MOVED && result.status() != GetStatus.OFFSET_TOO_SMALL) {
            code = ResponseCode.PULL_NOT_FOUND; // the master may have it and this slave not yet
            next = r.queueOffset();
        }
        if (code != ResponseCode.SUCCESS) {
            result.release();
        }
        if (code == ResponseCode.PULL_NOT_FOUND && firstAttempt && r.suspendFlag()) {
            long hold = config.longPolling() ? r.suspendTimeoutMillis() : config.shortPollingMillis();
            if (hold > 0) {
                CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
                holds.hold(new HeldPull(r.topic(), r.queueId(), r.queueOffset(), filter, () -> {
                    try {
                        pull(channel, r, false).whenComplete((resp, err) -> {
                            if (err != null) {
                                answer.completeExceptionally(err);
                            } else {
                                answer.complete(resp);
                            }
                        });
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                }, groups.get(r.group()) != null ? channel.executor() : null), hold);
                return answer;
            }
        }
        RemotingCommand response = Responses.error(code, code == ResponseCode.SUCCESS ? null : remark(code))
                .put("suggestWhichBrokerId", suggestion(config, group, result))
                .put("nextBeginOffset", next)
                .put("minOffset", result.minOffset())
                .put("maxOffset", result.maxOffset());
        if (code == ResponseCode.SUCCESS) {
            offsets.pulled(key, r.queueId(), next);
            meter.add(key, result.messages().size());
            ctx.stats().onGet(result.messages().size());
            response.bodyBuffers(result.buffers(), result::release);
        }
        return Responses.done(response);
    }

    /** {@code suggestWhichBrokerId}: see the class comment. */
    private long suggestion(Tunables config, SubscriptionGroupConfig group, GetResult result) {
        if (config.slave() && !masterReachable.getAsBoolean()) {
            return config.ownId();
        }
        if (!config.slaveRead()) {
            return 0L;
        }
        List<StoredSlice> found = result.messages();
        boolean lagging = !found.isEmpty() && PageCache.lagging(
                ctx.store().maxPhyOffset() - found.get(found.size() - 1).physicalOffset(), config.inMemoryRatio());
        return lagging ? group.whichBrokerWhenConsumeSlowly() : group.brokerId();
    }

    private static String remark(int code) {
        return switch (code) {
            case ResponseCode.PULL_NOT_FOUND -> "no new message";
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> "no matched message";
            default -> "offset moved";
        };
    }
}
