package io.comet.broker.internal.consume.group;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer group's broker-side settings (RocketMQ's SubscriptionGroupConfig).
 *
 * <p>JSON (one entry of {@code subscriptionGroup.json}, also the body of UPDATE_AND_CREATE_SUBSCRIPTIONGROUP and
 * GET_SUBSCRIPTIONGROUP_CONFIG): {@code {"attributes":{},"brokerId":0,"consumeBroadcastEnable":true,
 * "consumeEnable":true,"consumeFromMinEnable":true,"consumeMessageOrderly":false,"consumeTimeoutMinute":15,
 * "groupName":"g","groupRetryPolicy":{"type":"CUSTOMIZED"},"groupSysFlag":0,"notifyConsumerIdsChangedEnable":true,
 * "retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}}. Missing fields take these defaults.
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
                                      boolean consumeBroadcastEnable, boolean consumeMessageOrderly,
                                      int retryQueueNums, int retryMaxTimes, long brokerId,
                                      long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable,
                                      int groupSysFlag, int consumeTimeoutMinute, Map<String, String> attributes,
                                      Map<String, Object> groupRetryPolicy) {
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    public SubscriptionGroupConfig {
        if (groupName == null || groupName.isBlank()) {
            throw new IllegalArgumentException("subscription group config: groupName is missing");
        }
        attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
        groupRetryPolicy = groupRetryPolicy == null ? Map.of("type", "CUSTOMIZED") : new TreeMap<>(groupRetryPolicy);
    }

    /** A group with RocketMQ's defaults. */
    public static SubscriptionGroupConfig defaults(String group) {
        return new SubscriptionGroupConfig(group, true, true, true, false, 1, DEFAULT_RETRY_MAX_TIMES, 0, 1, true, 0,
                15, null, null);
    }

    @JsonCreator
    static SubscriptionGroupConfig fromJson(@JsonProperty("groupName") String groupName,
                                            @JsonProperty("consumeEnable") Boolean consumeEnable,
                                            @JsonProperty("consumeFromMinEnable") Boolean consumeFromMinEnable,
                                            @JsonProperty("consumeBroadcastEnable") Boolean consumeBroadcastEnable,
                                            @JsonProperty("consumeMessageOrderly") Boolean consumeMessageOrderly,
                                            @JsonProperty("retryQueueNums") Integer retryQueueNums,
                                            @JsonProperty("retryMaxTimes") Integer retryMaxTimes,
                                            @JsonProperty("brokerId") Long brokerId,
                                            @JsonProperty("whichBrokerWhenConsumeSlowly") Long whichBroker,
                                            @JsonProperty("notifyConsumerIdsChangedEnable") Boolean notify,
                                            @JsonProperty("groupSysFlag") Integer groupSysFlag,
                                            @JsonProperty("consumeTimeoutMinute") Integer consumeTimeoutMinute,
                                            @JsonProperty("attributes") Map<String, String> attributes,
                                            @JsonProperty("groupRetryPolicy") Map<String, Object> groupRetryPolicy) {
        return new SubscriptionGroupConfig(groupName, or(consumeEnable, true), or(consumeFromMinEnable, true),
                or(consumeBroadcastEnable, true), or(consumeMessageOrderly, false), or(retryQueueNums, 1),
                or(retryMaxTimes, DEFAULT_RETRY_MAX_TIMES), brokerId == null ? 0 : brokerId,
                whichBroker == null ? 1 : whichBroker, or(notify, true), or(groupSysFlag, 0),
                or(consumeTimeoutMinute, 15), attributes, groupRetryPolicy);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
