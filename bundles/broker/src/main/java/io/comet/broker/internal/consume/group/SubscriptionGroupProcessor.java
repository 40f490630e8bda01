package io.comet.broker.internal.consume.group;

import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.offset.ConsumerOffsetTable;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.util.concurrent.CompletionStage;

/**
 * Subscription group admin: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200, body = {@link SubscriptionGroupConfig}),
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201, body = the {@code subscriptionGroup.json} content),
 * DELETE_SUBSCRIPTIONGROUP (207, header {@code groupName}, 5.x {@code cleanOffset}) and
 * GET_SUBSCRIPTIONGROUP_CONFIG (352, header {@code group}; 26 when unknown).
 */
public final class SubscriptionGroupProcessor implements RequestProcessor {
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;

    public SubscriptionGroupProcessor(SubscriptionGroupTable groups, ConsumerOffsetTable offsets) {
        this.groups = groups;
        this.offsets = offsets;
    }

    public static int[] codes() {
        return new int[] {RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                RequestCode.DELETE_SUBSCRIPTIONGROUP, RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> {
                SubscriptionGroupConfig config = Responses.body(request, SubscriptionGroupConfig.class);
                if (config.retryQueueNums() < 0 || config.retryMaxTimes() < -1) {
                    return Responses.done(Responses.error(ResponseCode.SYSTEM_ERROR, "subscription group "
                            + config.groupName() + ": retryQueueNums must be >= 0 and retryMaxTimes >= -1"));
                }
                groups.put(config);
                return Responses.done(Responses.ok());
            }
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> {
                return Responses.done(Responses.json(groups.snapshot()));
            }
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> {
                String group = request.requireField("groupName");
                groups.delete(group);
                if (request.boolField("cleanOffset", false)) {
                    offsets.removeGroup(group);
                }
                return Responses.done(Responses.ok());
            }
            default -> {
                String group = request.requireField("group");
                SubscriptionGroupConfig config = groups.get(group);
                if (config == null) {
                    return Responses.done(Responses.error(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                            "subscription group [" + group + "] does not exist"));
                }
                return Responses.done(Responses.json(config));
            }
        }
    }
}
