package io.comet.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statistics bodies with MessageQueue keys, in fastjson's object-key form and in the string-key form. */
class StatsBodiesTest {
    @Test
    void readsObjectKeysAsFastjsonWritesThem() {
        String fastjson = "{\"consumeTps\":1.5,\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":0,"
                + "\"topic\":\"TopicTest\"}:{\"brokerOffset\":10,\"consumerOffset\":7,\"lastTimestamp\":1700000000000,"
                + "\"pullOffset\":0},{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"TopicTest\"}:"
                + "{\"brokerOffset\":3,\"consumerOffset\":3}}}";
        JsonNode n = StatsBodies.tree(fastjson.getBytes(StandardCharsets.UTF_8));
        assertEquals(1.5, n.path("consumeTps").asDouble());
        Iterator<Map.Entry<String, JsonNode>> it = n.path("offsetTable").fields();
        Map.Entry<String, JsonNode> first = it.next();
        JsonNode mq = StatsBodies.queue(first.getKey());
        assertEquals("broker-a", mq.path("brokerName").asText());
        assertEquals(0, mq.path("queueId").asInt());
        assertEquals("TopicTest", mq.path("topic").asText());
        assertEquals(10, first.getValue().path("brokerOffset").asLong());
        assertEquals(1700000000000L, first.getValue().path("lastTimestamp").asLong());
        assertEquals(1, StatsBodies.queue(it.next().getKey()).path("queueId").asInt());
    }

    @Test
    void readsStringKeysUnquotedKeysAndEscapes() {
        String standard = "{\"offsetTable\":{\"{\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":2,\\\"topic\\\":\\\"T\\\"}\":"
                + "{\"maxOffset\":5}},\"x\":[1,true,null,\"a\\u0001b\"],y:-2}";
        JsonNode n = StatsBodies.tree(standard.getBytes(StandardCharsets.UTF_8));
        Map.Entry<String, JsonNode> e = n.path("offsetTable").fields().next();
        assertEquals(2, StatsBodies.queue(e.getKey()).path("queueId").asInt());
        assertEquals(5, e.getValue().path("maxOffset").asLong());
        assertEquals("a\u0001b", n.path("x").get(3).asText());
        assertEquals(-2, n.path("y").asLong());
        assertThrows(IllegalArgumentException.class, () -> StatsBodies.tree("{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> StatsBodies.tree("{\"a\":1}x".getBytes(StandardCharsets.UTF_8)));
    }
}
