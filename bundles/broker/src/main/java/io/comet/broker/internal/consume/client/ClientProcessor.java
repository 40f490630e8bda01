package io.comet.broker.internal.consume.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.filter.FilterExpressionException;
import io.comet.broker.internal.consume.filter.MessageFilters;
import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.broker.internal.consume.group.SubscriptionGroupConfig;
import io.comet.broker.internal.consume.group.SubscriptionGroupTable;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import io.comet.common.TopicFilterType;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Client membership requests: HEART_BEAT (34), UNREGISTER_CLIENT (35), GET_CONSUMER_LIST_BY_GROUP (38) and
 * CHECK_CLIENT_CONFIG (46). A heartbeat registers the client in each of its producer and consumer groups,
 * creates missing subscription groups (when {@code autoCreateSubscriptionGroup}) and their {@code %RETRY%group}
 * topics (queues = the group's {@code retryQueueNums}, perm 6; the topic table re-registers with the NameServers).
 */
public final class ClientProcessor implements RequestProcessor {
    private final BrokerContext ctx;
    private final ConsumerManager consumers;
    private final ProducerManager producers;
    private final SubscriptionGroupTable groups;

    /** Body of CHECK_CLIENT_CONFIG: {@code {"clientId":"...","group":"g","subscriptionData":{...}}}. */
    record CheckClientRequestBody(String clientId, String group, SubscriptionData subscriptionData) {
        @JsonCreator
        CheckClientRequestBody(@JsonProperty("clientId") String clientId, @JsonProperty("group") String group,
                               @JsonProperty("subscriptionData") SubscriptionData subscriptionData) {
            this.clientId = clientId;
            this.group = group;
            this.subscriptionData = subscriptionData;
        }
    }

    /** Body of a GET_CONSUMER_LIST_BY_GROUP answer. */
    record ConsumerList(List<String> consumerIdList) {}

    public ClientProcessor(BrokerContext ctx, ConsumerManager consumers, ProducerManager producers,
                           SubscriptionGroupTable groups) {
        this.ctx = ctx;
        this.consumers = consumers;
        this.producers = producers;
        this.groups = groups;
    }

    /** The codes this processor serves. */
    public static int[] codes() {
        return new int[] {RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT, RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                RequestCode.CHECK_CLIENT_CONFIG};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return Responses.done(switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(channel, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(channel, request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.CHECK_CLIENT_CONFIG -> checkClientConfig(request);
            default -> Responses.error(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request type " + request.code() + " not supported");
        });
    }

    private RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) throws Exception {
        HeartbeatData data = Responses.body(request, HeartbeatData.class);
        if (data.clientID() == null || data.clientID().isBlank()) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "heartbeat without clientID from " + channel.remoteAddress());
        }
        long now = ctx.now();
        ClientChannelInfo client = new ClientChannelInfo(channel, data.clientID(), request.language(),
                request.version(), now);
        boolean autoCreate = ctx.settings().config().autoCreateSubscriptionGroup();
        for (HeartbeatData.ConsumerData c : data.consumerDataSet()) {
            if (c.groupName() == null || c.groupName().isBlank()) {
                continue;
            }
            SubscriptionGroupConfig g = groups.findOrCreate(c.groupName(), autoCreate);
            if (g != null) {
                ensureRetryTopic(g);
            }
            consumers.register(c.groupName(), client, c.consumeType(), c.messageModel(), c.consumeFromWhere(),
                    c.subscriptionDataSet());
        }
        for (HeartbeatData.ProducerData p : data.producerDataSet()) {
            if (p.groupName() != null && !p.groupName().isBlank()) {
                producers.register(p.groupName(), client);
            }
        }
        return Responses.ok();
    }

    /** Creates {@code %RETRY%group} when it is missing. */
    void ensureRetryTopic(SubscriptionGroupConfig g) {
        String retry = TopicNames.retryTopic(g.groupName());
        if (g.retryQueueNums() > 0 && !ctx.topics().contains(retry)) {
            ctx.topics().putIfAbsent(new TopicConfig(retry, g.retryQueueNums(), g.retryQueueNums(),
                    PermName.PERM_READ | PermName.PERM_WRITE, TopicFilterType.SINGLE_TAG, 0, false, Map.of()));
        }
    }

    private RemotingCommand unregister(RemotingChannel channel, RemotingCommand request) throws Exception {
        request.requireField("clientID");
        String producerGroup = request.field("producerGroup");
        String consumerGroup = request.field("consumerGroup");
        if (producerGroup != null && !producerGroup.isEmpty()) {
            producers.unregister(producerGroup, channel);
        }
        if (consumerGroup != null && !consumerGroup.isEmpty()) {
            consumers.unregister(consumerGroup, channel);
        }
        return Responses.ok();
    }

    private RemotingCommand consumerList(RemotingCommand request) throws Exception {
        String group = request.requireField("consumerGroup");
        ConsumerGroupInfo info = consumers.group(group);
        List<String> ids = info == null ? List.of() : info.clientIds();
        if (ids.isEmpty()) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
        }
        return Responses.json(new ConsumerList(ids));
    }

    private RemotingCommand checkClientConfig(RemotingCommand request) throws Exception {
        CheckClientRequestBody body = Responses.body(request, CheckClientRequestBody.class);
        String group = body.group() != null ? body.group() : request.field("consumerGroup");
        if (group == null || groups.findOrCreate(group, ctx.settings().config().autoCreateSubscriptionGroup()) == null) {
            return Responses.error(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist");
        }
        SubscriptionData sub = body.subscriptionData();
        if (sub == null || sub.isTagType()) {
            return Responses.ok();
        }
        try {
            MessageFilters.of(sub, ctx.settings().config().enablePropertyFilter());
        } catch (FilterExpressionException e) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        return Responses.ok();
    }
}
