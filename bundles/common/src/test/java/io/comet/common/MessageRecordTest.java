package io.comet.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageRecordTest {
    private static MessageRecord withWait(String value) {
        String props = value == null ? "" : "WAIT\u0001" + value + "\u0002";
        return MessageRecord.of("T", 0, new byte[] {1}, props);
    }

    /** RocketMQ reads WAIT with Boolean.parseBoolean: only "true" (any case) or no property waits for the store. */
    @Test
    void waitStoreOkFollowsRocketMqsBooleanParsing() {
        assertTrue(withWait(null).waitStoreOk(), "no WAIT property: wait");
        assertTrue(withWait("true").waitStoreOk());
        assertTrue(withWait("TRUE").waitStoreOk());
        assertFalse(withWait("false").waitStoreOk());
        assertFalse(withWait("FALSE").waitStoreOk());
        assertFalse(withWait("no").waitStoreOk());
    }
}
