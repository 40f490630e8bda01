package io.comet.broker.internal.consume.client;

import io.comet.broker.internal.consume.Responses;
import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Admin views of connected clients: GET_CONSUMER_CONNECTION_LIST (203) and GET_PRODUCER_CONNECTION_LIST (204).
 *
 * <p>Bodies: ConsumerConnection {@code {"connectionSet":[{"clientAddr":"ip:port","clientId":"...",
 * "language":"JAVA","version":475}],"consumeFromWhere":"...","consumeType":"...","messageModel":"...",
 * "subscriptionTable":{"T":SubscriptionData}}}; ProducerConnection {@code {"connectionSet":[...]}}. An unknown
 * consumer group answers 206 CONSUMER_NOT_ONLINE, an unknown producer group 1.
 */
public final class ConnectionProcessor implements RequestProcessor {
    private final ConsumerManager consumers;
    private final ProducerManager producers;

    /** One connection. */
    record Connection(String clientId, String clientAddr, String language, int version) {}

    record ConsumerConnection(List<Connection> connectionSet, Map<String, SubscriptionData> subscriptionTable,
                              String consumeType, String messageModel, String consumeFromWhere) {}

    record ProducerConnection(List<Connection> connectionSet) {}

    public ConnectionProcessor(ConsumerManager consumers, ProducerManager producers) {
        this.consumers = consumers;
        this.producers = producers;
    }

    public static int[] codes() {
        return new int[] {RequestCode.GET_CONSUMER_CONNECTION_LIST, RequestCode.GET_PRODUCER_CONNECTION_LIST};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        if (request.code() == RequestCode.GET_CONSUMER_CONNECTION_LIST) {
            String group = request.requireField("consumerGroup");
            ConsumerGroupInfo info = consumers.group(group);
            if (info == null || info.isEmpty()) {
                return Responses.done(Responses.error(ResponseCode.CONSUMER_NOT_ONLINE,
                        "the consumer group[" + group + "] not online"));
            }
            return Responses.done(Responses.json(new ConsumerConnection(connections(info.clients()),
                    info.subscriptions(), info.consumeType(), info.messageModel(), info.consumeFromWhere())));
        }
        String group = request.requireField("producerGroup");
        List<ClientChannelInfo> members = producers.members(group);
        if (members.isEmpty()) {
            return Responses.done(Responses.error(ResponseCode.SYSTEM_ERROR,
                    "the producer group[" + group + "] not exist"));
        }
        return Responses.done(Responses.json(new ProducerConnection(connections(members))));
    }

    private static List<Connection> connections(List<ClientChannelInfo> clients) {
        List<Connection> out = new ArrayList<>();
        for (ClientChannelInfo c : clients) {
            out.add(new Connection(c.clientId(), c.channel().remoteAddress(), c.language().name(), c.version()));
        }
        out.sort(Comparator.comparing(Connection::clientId).thenComparing(Connection::clientAddr));
        return out;
    }
}
