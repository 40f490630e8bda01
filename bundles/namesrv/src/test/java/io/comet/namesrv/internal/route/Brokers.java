package io.comet.namesrv.internal.route;

import io.comet.common.DataVersion;
import io.comet.common.TopicConfig;
import io.comet.common.TopicConfigSerializeWrapper;
import io.comet.remoting.RemotingChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds registrations for tests. */
final class Brokers {
    private Brokers() {}

    static TopicConfigSerializeWrapper topics(long counter, TopicConfig... configs) {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        for (TopicConfig c : configs) {
            table.put(c.topicName(), c);
        }
        return new TopicConfigSerializeWrapper(table, new DataVersion(counter, 0, 1000 + counter));
    }

    static BrokerRegistration reg(String cluster, String name, long id, String addr, TopicConfigSerializeWrapper topics,
                                  RemotingChannel channel) {
        return BrokerRegistration.of(cluster, addr, name, id, haOf(addr), topics, channel);
    }

    /** A 5.x registration (enableActingMaster present) with an optional own timeout. */
    static BrokerRegistration reg5(String cluster, String name, long id, String addr, TopicConfigSerializeWrapper topics,
                                   boolean actingMaster, Long timeout, RemotingChannel channel) {
        return new BrokerRegistration(cluster, addr, name, id, haOf(addr), null, timeout, actingMaster, topics,
                List.of(), channel);
    }

    static String haOf(String addr) {
        int colon = addr.lastIndexOf(':');
        return addr.substring(0, colon + 1) + (Integer.parseInt(addr.substring(colon + 1)) + 1);
    }
}
