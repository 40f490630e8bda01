package io.comet.common;

import java.util.Map;

/**
 * The keys and values of one KV-config namespace (GET_KVLIST_BY_NAMESPACE, REGISTER_BROKER response body).
 * JSON: {@code {"table":{"TopicTest":"broker-a:4;broker-b:4"}}}.
 */
public record KVTable(Map<String, String> table) {
    public KVTable {
        table = table == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(table));
    }
}
