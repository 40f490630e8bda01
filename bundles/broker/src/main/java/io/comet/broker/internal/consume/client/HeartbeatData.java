package io.comet.broker.internal.consume.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.comet.broker.internal.consume.filter.SubscriptionData;
import java.util.List;

/**
 * Body of HEART_BEAT (34): {@code {"clientID":"10.0.0.1@123#456","consumerDataSet":[{"consumeFromWhere":
 * "CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","groupName":"cg","messageModel":"CLUSTERING",
 * "subscriptionDataSet":[SubscriptionData...],"unitMode":false}],"producerDataSet":[{"groupName":"pg"}]}}; 5.x
 * adds {@code heartbeatFingerprint} and {@code withoutSub}, which are ignored (heartbeat v2 is not offered).
 */
public record HeartbeatData(String clientID, List<ProducerData> producerDataSet, List<ConsumerData> consumerDataSet) {

    @JsonCreator
    public HeartbeatData(@JsonProperty("clientID") String clientID,
                         @JsonProperty("producerDataSet") List<ProducerData> producerDataSet,
                         @JsonProperty("consumerDataSet") List<ConsumerData> consumerDataSet) {
        this.clientID = clientID;
        this.producerDataSet = producerDataSet == null ? List.of() : List.copyOf(producerDataSet);
        this.consumerDataSet = consumerDataSet == null ? List.of() : List.copyOf(consumerDataSet);
    }

    /** A producer group the client belongs to. */
    public record ProducerData(String groupName) {
        @JsonCreator
        public ProducerData(@JsonProperty("groupName") String groupName) {
            this.groupName = groupName;
        }
    }

    /** A consumer group the client belongs to, with its subscriptions. */
    public record ConsumerData(String groupName, String consumeType, String messageModel, String consumeFromWhere,
                               List<SubscriptionData> subscriptionDataSet, boolean unitMode) {
        @JsonCreator
        public ConsumerData(@JsonProperty("groupName") String groupName,
                            @JsonProperty("consumeType") String consumeType,
                            @JsonProperty("messageModel") String messageModel,
                            @JsonProperty("consumeFromWhere") String consumeFromWhere,
                            @JsonProperty("subscriptionDataSet") List<SubscriptionData> subscriptionDataSet,
                            @JsonProperty("unitMode") boolean unitMode) {
            this.groupName = groupName;
            this.consumeType = consumeType;
            this.messageModel = messageModel;
            this.consumeFromWhere = consumeFromWhere;
            this.subscriptionDataSet = subscriptionDataSet == null ? List.of() : List.copyOf(subscriptionDataSet);
            this.unitMode = unitMode;
        }
    }
}
