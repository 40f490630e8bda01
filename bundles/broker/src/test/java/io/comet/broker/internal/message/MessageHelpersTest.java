package io.comet.broker.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Property editing in encoded form, op records and generated unique keys. */
class MessageHelpersTest {
    @Test
    void propertiesAreEditedInPlace() {
        String p = MessageProperties.encode(Map.of("A", "1"));
        String withB = PropertyEditor.put(p, "B", "2");
        assertEquals("A\u00011\u0002B\u00012\u0002", withB);
        assertEquals("A\u00013\u0002B\u00012\u0002".length(), PropertyEditor.put(withB, "A", "3").length());
        assertEquals(Map.of("A", "3", "B", "2"), MessageProperties.decode(PropertyEditor.put(withB, "A", "3")));
        assertEquals("A\u00011\u0002C\u00013\u0002", PropertyEditor.put("A\u00011", "C", "3"), "adds the missing separator");
        assertEquals("K\u0001v\u0002", PropertyEditor.put("", "K", "v"));
        assertEquals("B\u00012\u0002", PropertyEditor.remove(withB, "A", "Z"));
        assertEquals("", PropertyEditor.remove(null, "A"));
        assertEquals("AB\u00011\u0002", PropertyEditor.remove("AB\u00011\u0002A\u00012\u0002", "A"), "exact names only");
        assertEquals("A\u00011\u0002B\u00012\u0002", PropertyEditor.concat("A\u00011", "B\u00012\u0002"));
        assertEquals("A\u00011\u0002", PropertyEditor.concat("A\u00011\u0002", ""));
        assertTrue(PropertyEditor.has(withB, "B"));
    }

    @Test
    void opRecordsCarryTheHalfOffset() throws Exception {
        InetSocketAddress host = new InetSocketAddress(InetAddress.getLoopbackAddress(), 10911);
        MessageRecord op = TransactionOp.record(0, 42, 5, host, host);
        assertEquals("RMQ_SYS_TRANS_OP_HALF_TOPIC", op.topic());
        assertEquals("d", op.tags());
        assertEquals("42", new String(op.body(), StandardCharsets.US_ASCII));
        assertEquals(List.of(42L), TransactionOp.offsets(op.body()));
        assertEquals(List.of(1L, 2L, 3L), TransactionOp.offsets("1,2, 3".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> TransactionOp.offsets("x".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void uniqueKeysAreDistinctHexOfClientLength() throws Exception {
        UniqueKeys keys = new UniqueKeys(InetAddress.getByName("10.1.2.3"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String k = keys.next(1_700_000_000_000L);
            assertEquals(32, k.length());
            assertTrue(k.matches("[0-9A-F]{32}"), k);
            assertTrue(k.startsWith("0A010203"), "starts with the host address: " + k);
            assertTrue(seen.add(k), "duplicate " + k);
        }
        assertNotEquals(keys.next(1_700_000_000_000L).substring(20, 28), keys.next(1_700_000_500_000L).substring(20, 28));
    }
}
