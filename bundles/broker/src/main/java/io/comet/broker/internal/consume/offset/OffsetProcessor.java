package io.comet.broker.internal.consume.offset;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.common.TopicConfig;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import io.comet.store.MessageStore;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Offset requests: QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15), SEARCH_OFFSET_BY_TIMESTAMP (29),
 * GET_MAX_OFFSET (30), GET_MIN_OFFSET (31), GET_EARLIEST_MSG_STORETIME (32) and GET_ALL_CONSUMER_OFFSET (43).
 *
 * <p>QUERY_CONSUMER_OFFSET answers the committed offset; without one it answers offset 0 while the queue still
 * starts at 0 (nothing was deleted, so a new group sees a young queue from its beginning, as RocketMQ does),
 * otherwise 22 QUERY_NOT_FOUND; 5.x {@code setZeroIfNotFound=false} always gives 22 when nothing is committed.
 * UPDATE_CONSUMER_OFFSET stores the offset (answering 0 unless the request is oneway); an unknown group answers 26
 * (unless groups are auto-created), an unknown topic 17 and a queue id outside the topic 1. On a SLAVE the commit
 * is also remembered in {@link SlaveCommits} until the slave's metadata sync has handed it to the master; a commit
 * carrying {@code slaveCommit=true} (that hand-over) only raises the stored offset, never lowers it.
 *
 * <p>QUERY_CONSUMER_OFFSET, GET_MAX_OFFSET and GET_MIN_OFFSET, and UPDATE_CONSUMER_OFFSET of a group that exists,
 * are map reads and writes and run on the event loop that read them ({@link #runsOnEventLoop}); a consumer that
 * starts behind a backlog asks one QUERY_CONSUMER_OFFSET per queue, one after the other, before its first pull.
 * The others (a time search reads the commit log, the whole-table dump builds JSON, a group auto-creation writes
 * a config file) use the admin executor.
 */
public final class OffsetProcessor implements RequestProcessor {
    private final BrokerContext ctx;
    private final ConsumerOffsetTable offsets;
    private final SubscriptionGroupTable groups;
    private final SlaveCommits slaveCommits;

    public OffsetProcessor(BrokerContext ctx, ConsumerOffsetTable offsets, SubscriptionGroupTable groups) {
        this(ctx, offsets, groups, new SlaveCommits());
    }

    /** @param slaveCommits where commits received while this broker is a SLAVE are remembered */
    public OffsetProcessor(BrokerContext ctx, ConsumerOffsetTable offsets, SubscriptionGroupTable groups,
                           SlaveCommits slaveCommits) {
        this.ctx = ctx;
        this.offsets = offsets;
        this.groups = groups;
        this.slaveCommits = slaveCommits;
    }

    public static int[] codes() {
        return new int[] {RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET,
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET,
                RequestCode.GET_EARLIEST_MSG_STORETIME, RequestCode.GET_ALL_CONSUMER_OFFSET};
    }

    @Override
    public boolean runsOnEventLoop(RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET -> true;
            case RequestCode.UPDATE_CONSUMER_OFFSET -> {
                String group = request.field("consumerGroup");
                yield group != null && groups.get(group) != null;
            }
            default -> false;
        };
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        MessageStore store = ctx.store();
        return Responses.done(switch (request.code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET -> query(request);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> update(request);
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> search(request);
            case RequestCode.GET_MAX_OFFSET -> Responses.ok().put("offset",
                    store.maxOffsetInQueue(request.requireField("topic"), request.requireInt("queueId")));
            case RequestCode.GET_MIN_OFFSET -> Responses.ok().put("offset",
                    store.minOffsetInQueue(request.requireField("topic"), request.requireInt("queueId")));
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> Responses.ok().put("timestamp",
                    store.earliestMessageTime(request.requireField("topic"), request.requireInt("queueId")));
            case RequestCode.GET_ALL_CONSUMER_OFFSET -> Responses.json(offsets.snapshot());
            default -> Responses.error(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request type " + request.code() + " not supported");
        });
    }

    private RemotingCommand query(RemotingCommand request) throws RemotingCommandException {
        String group = request.requireField("consumerGroup");
        String topic = request.requireField("topic");
        int queueId = request.requireInt("queueId");
        long committed = offsets.query(group, topic, queueId);
        if (committed >= 0) {
            return Responses.ok().put("offset", committed);
        }
        String zero = request.field("setZeroIfNotFound");
        if (zero == null || Boolean.parseBoolean(zero.trim())) {
            if (ctx.store().minOffsetInQueue(topic, queueId) <= 0) {
                return Responses.ok().put("offset", 0L);
            }
        }
        return Responses.error(ResponseCode.QUERY_NOT_FOUND, "Not found, V3_0_6_SNAPSHOT maybe this group consumer "
                + "boot first: no committed offset of group " + group + " for " + topic + ":" + queueId);
    }

    private RemotingCommand update(RemotingCommand request) throws RemotingCommandException {
        String group = request.requireField("consumerGroup");
        String topic = request.requireField("topic");
        int queueId = request.requireInt("queueId");
        long offset = request.requireLong("commitOffset");
        if (groups.findOrCreate(group, ctx.settings().config().autoCreateSubscriptionGroup()) == null) {
            return Responses.error(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist");
        }
        TopicConfig tc = ctx.topics().get(topic);
        if (tc == null) {
            return Responses.error(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
        }
        if (queueId < 0 || queueId >= Math.max(tc.readQueueNums(), tc.writeQueueNums())) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "queueId[" + queueId + "] is illegal, topic:[" + topic
                    + "] readQueueNums:[" + tc.readQueueNums() + "]");
        }
        if (offset < 0) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "commitOffset " + offset + " is negative");
        }
        String key = ConsumerOffsetTable.key(topic, group);
        if (request.boolField("slaveCommit", false)) {
            offsets.commitIfGreater(key, queueId, offset);
        } else {
            offsets.commit(key, queueId, offset);
        }
        if (ctx.replication().refusesWrites()) {
            slaveCommits.record(key, queueId, offset);
        }
        return Responses.ok();
    }

    private RemotingCommand search(RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        int queueId = request.requireInt("queueId");
        long ts = request.requireLong("timestamp");
        String boundary = request.field("boundaryType");
        MessageStore store = ctx.store();
        long lower = store.offsetInQueueByTime(topic, queueId, ts);
        if (boundary == null || !boundary.trim().toUpperCase(Locale.ROOT).equals("UPPER")) {
            return Responses.ok().put("offset", lower);
        }
        long min = store.minOffsetInQueue(topic, queueId);
        long firstAfter = ts == Long.MAX_VALUE ? store.maxOffsetInQueue(topic, queueId)
                : store.offsetInQueueByTime(topic, queueId, ts + 1);
        return Responses.ok().put("offset", Math.max(min, firstAfter - 1));
    }
}
