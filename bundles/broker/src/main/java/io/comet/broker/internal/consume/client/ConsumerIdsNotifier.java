package io.comet.broker.internal.consume.client;

import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import java.util.Collection;

/**
 * Sends NOTIFY_CONSUMER_IDS_CHANGED (40, oneway, header {@code consumerGroup}) to each member of a group that
 * changed, so its clients rebalance at once instead of within 20 s.
 */
public final class ConsumerIdsNotifier implements ConsumerManager.MembershipListener {
    @Override
    public void changed(String group, Collection<RemotingChannel> channels) {
        for (RemotingChannel ch : channels) {
            if (ch.isActive()) {
                ch.invokeOneway(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                        .put("consumerGroup", group));
            }
        }
    }
}
