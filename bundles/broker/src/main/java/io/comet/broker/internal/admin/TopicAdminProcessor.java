package io.comet.broker.internal.admin;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.Json;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic administration: UPDATE_AND_CREATE_TOPIC (17), DELETE_TOPIC_IN_BROKER (215), GET_TOPIC_CONFIG (351) and
 * GET_ALL_TOPIC_CONFIG (21). Changes go through the topic table, which persists them and re-registers with the
 * NameServers at once.
 *
 * <ul>
 *   <li>17: header {@code topic!}, {@code defaultTopic!}, {@code readQueueNums!}, {@code writeQueueNums!},
 *       {@code perm!}, {@code topicFilterType!}, {@code topicSysFlag}, {@code order!}, 5.x {@code attributes}
 *       ({@code +k=v,+k2=v2,-k3}, applied to the existing attributes). An invalid name, a system topic, queue
 *       counts outside 1..65535 or a perm outside 0..15 give SYSTEM_ERROR with a remark.</li>
 *   <li>215: header {@code topic!}; removes the topic and its consume queues (system topics are refused); 0 also
 *       when it was absent.</li>
 *   <li>351: header {@code topic!}; body = TopicConfig JSON, or 17 when unknown.</li>
 *   <li>21: body = {@code {"dataVersion":{...},"topicConfigTable":{...}}}.</li>
 * </ul>
 */
public final class TopicAdminProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqBroker");
    private static final int MAX_QUEUES = 65535;

    private final BrokerContext ctx;

    public TopicAdminProcessor(BrokerContext ctx) {
        this.ctx = ctx;
    }

    public static int[] codes() {
        return new int[] {RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER,
                RequestCode.GET_TOPIC_CONFIG, RequestCode.GET_ALL_TOPIC_CONFIG};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        RemotingCommand response = switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> update(channel, request);
            case RequestCode.DELETE_TOPIC_IN_BROKER -> delete(channel, request);
            case RequestCode.GET_TOPIC_CONFIG -> get(request);
            default -> RemotingCommand.response(ResponseCode.SUCCESS, null)
                    .body(Json.toBytes(ctx.topics().snapshot()));
        };
        return CompletableFuture.completedFuture(response);
    }

    private RemotingCommand update(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        String refused = refuse(topic);
        if (refused != null) {
            return error(refused);
        }
        int read = request.requireInt("readQueueNums");
        int write = request.requireInt("writeQueueNums");
        int perm = request.requireInt("perm");
        if (read < 1 || read > MAX_QUEUES || write < 1 || write > MAX_QUEUES) {
            return error("readQueueNums=" + read + " and writeQueueNums=" + write + " must be within 1.." + MAX_QUEUES);
        }
        if (perm < 0 || perm > 15) {
            return error("perm=" + perm + " is not a permission (0..15; 6 = read + write)");
        }
        TopicFilterType filter;
        try {
            String f = request.field("topicFilterType");
            filter = f == null || f.isEmpty() ? TopicFilterType.SINGLE_TAG : TopicFilterType.valueOf(f.trim());
        } catch (IllegalArgumentException e) {
            return error("topicFilterType=" + request.field("topicFilterType") + " is not SINGLE_TAG or MULTI_TAG");
        }
        TopicConfig existing = ctx.topics().get(topic);
        Map<String, String> attributes;
        try {
            attributes = TopicAttributes.apply(existing == null ? Map.of() : existing.attributes(),
                    request.field("attributes"));
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
        TopicConfig config = new TopicConfig(topic, read, write, perm, filter, request.intField("topicSysFlag", 0),
                request.boolField("order", false), attributes);
        ctx.topics().put(config);
        LOG.info("updateAndCreateTopic {} by {}", config, channel.remoteAddress());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private RemotingCommand delete(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        if (TopicNames.isSystem(topic, ctx.settings().clusterName(), ctx.settings().brokerName())) {
            return error("The topic[" + topic + "] is conflict with system topic.");
        }
        boolean removed = ctx.topics().delete(topic);
        ctx.store().deleteTopics(Set.of(topic));
        LOG.info("deleteTopic {} by {}: {}", topic, channel.remoteAddress(), removed ? "removed" : "was not there");
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private RemotingCommand get(RemotingCommand request) throws RemotingCommandException {
        String topic = request.requireField("topic");
        TopicConfig config = ctx.topics().get(topic);
        if (config == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker. topic: " + topic);
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(config));
    }

    private String refuse(String topic) {
        String invalid = TopicNames.validate(topic);
        if (invalid != null) {
            return invalid;
        }
        if (TopicNames.isSystem(topic, ctx.settings().clusterName(), ctx.settings().brokerName())) {
            return "The topic[" + topic + "] is conflict with system topic.";
        }
        return null;
    }

    private static RemotingCommand error(String remark) {
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, remark);
    }
}
