package io.comet.namesrv.internal.route;

import io.comet.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Live broker processes by {@link BrokerKey}. Not thread-safe: guarded by the {@link RouteTables} lock. */
final class LivenessTable {
    private final Map<BrokerKey, BrokerLiveness> live = new HashMap<>(256);

    BrokerLiveness get(BrokerKey key) {
        return live.get(key);
    }

    BrokerLiveness put(BrokerKey key, BrokerLiveness liveness) {
        return live.put(key, liveness);
    }

    BrokerLiveness remove(BrokerKey key) {
        return live.remove(key);
    }

    /** The broker that registered on {@code channel}, or {@code null}. */
    BrokerKey findByChannel(RemotingChannel channel) {
        for (Map.Entry<BrokerKey, BrokerLiveness> e : live.entrySet()) {
            if (e.getValue().registeredOn(channel)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Brokers silent for longer than their limit at {@code nowMillis}. */
    List<BrokerKey> expired(long nowMillis, long defaultTimeoutMillis) {
        List<BrokerKey> result = new ArrayList<>();
        live.forEach((k, v) -> {
            if (v.expired(nowMillis, defaultTimeoutMillis)) {
                result.add(k);
            }
        });
        return result;
    }

    int size() {
        return live.size();
    }
}
