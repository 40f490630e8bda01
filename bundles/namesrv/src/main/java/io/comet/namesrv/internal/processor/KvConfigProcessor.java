package io.comet.namesrv.internal.processor;

import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.namesrv.internal.kv.KvConfigStore;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.util.Map;

/**
 * KV configuration requests: PUT_KV_CONFIG (100), GET_KV_CONFIG (101; 22 QUERY_NOT_FOUND for a missing key),
 * DELETE_KV_CONFIG (102) and GET_KVLIST_BY_NAMESPACE (219; 22 for an unknown namespace).
 */
public final class KvConfigProcessor extends NamesrvProcessor {
    private final KvConfigStore kv;

    public KvConfigProcessor(KvConfigStore kv) {
        this.kv = kv;
    }

    @Override
    public int[] codes() {
        return new int[] {RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
                RequestCode.GET_KVLIST_BY_NAMESPACE};
    }

    @Override
    RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        String namespace = request.requireField("namespace");
        switch (request.code()) {
            case RequestCode.PUT_KV_CONFIG -> {
                String key = request.requireField("key");
                kv.put(namespace, key, request.requireField("value"));
                return ok(request);
            }
            case RequestCode.GET_KV_CONFIG -> {
                String key = request.requireField("key");
                String value = kv.get(namespace, key);
                return value != null ? ok(request).put("value", value)
                        : RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                                "No config item, Namespace: " + namespace + " Key: " + key);
            }
            case RequestCode.DELETE_KV_CONFIG -> {
                kv.delete(namespace, request.requireField("key"));
                return ok(request);
            }
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> {
                Map<String, String> table = kv.namespace(namespace);
                return table != null ? ok(request).body(Json.toBytes(new KVTable(table)))
                        : RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                                "No config item, Namespace: " + namespace);
            }
            default -> throw new RemotingCommandException("request code " + request.code() + " is not served here");
        }
    }
}
