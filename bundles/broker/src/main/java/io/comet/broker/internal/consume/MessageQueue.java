package io.comet.broker.internal.consume;

import io.comet.common.Json;

/**
 * A queue as clients name it: {@code {"brokerName":"broker-a","queueId":0,"topic":"T"}}. Lock bodies carry sets of
 * them; consume statistics use their JSON text as map keys (the string-key form both client versions accept).
 */
public record MessageQueue(String brokerName, int queueId, String topic) {

    /** The JSON text of this queue, used as a key of {@code Map<MessageQueue, X>} bodies. */
    public String jsonKey() {
        return Json.toString(this);
    }
}
