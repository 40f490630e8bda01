package io.comet.broker.internal.consume.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.Json;
import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.store.TagFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Subscriptions as clients send them, and the store filters built from them. */
class MessageFiltersTest {

    private static ByteBuffer stored(String topic, Map<String, String> props) {
        MessageRecord m = MessageRecord.of(topic, 0, "body".getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(props));
        return MessageCodec.encode(m, 7, 1234, 1_700_000_000_000L);
    }

    @Test
    void tagExpressionIsSplitOnDoubleBarsAndTrimmed() throws Exception {
        SubscriptionData s = SubscriptionData.build("T", " TagA ||TagB|| ", "TAG", 5);
        assertEquals(Set.of("TagA", "TagB"), s.tagsSet());
        assertEquals(Set.of("TagA".hashCode(), "TagB".hashCode()), s.codeSet());
        assertEquals(5, s.subVersion());
        assertTrue(SubscriptionData.build("T", "*", null, 0).isAll());
        assertTrue(SubscriptionData.build("T", "", "TAG", 0).isAll());
        assertTrue(SubscriptionData.build("T", null, "", 0).isAll());
        FilterExpressionException e = assertThrows(FilterExpressionException.class,
                () -> SubscriptionData.build("T", "||", "TAG", 0));
        assertTrue(e.getMessage().contains("names no tag"), e.getMessage());
        e = assertThrows(FilterExpressionException.class, () -> SubscriptionData.build("T", "a", "REGEX", 0));
        assertTrue(e.getMessage().contains("REGEX"), e.getMessage());
    }

    @Test
    void tagFilterComparesTheConsumeQueueHashCode() throws Exception {
        TagFilter one = MessageFilters.of(SubscriptionData.build("T", "TagA", "TAG", 0), false);
        assertTrue(one.matches("TagA".hashCode()));
        assertFalse(one.matches("TagB".hashCode()));
        assertFalse(one.matches(0), "a message without tags does not match a tag subscription");
        TagFilter many = MessageFilters.of(SubscriptionData.build("T", "TagA || TagB || TagC", "TAG", 0), false);
        assertTrue(many.matches("TagB".hashCode()));
        assertTrue(many.matches("TagC".hashCode()));
        assertFalse(many.matches("TagD".hashCode()));
        assertSame(TagFilter.ALL, MessageFilters.of(SubscriptionData.build("T", "*", "TAG", 0), false));
    }

    @Test
    void sqlFilterReadsTheStoredProperties() throws Exception {
        TagFilter f = MessageFilters.of(SubscriptionData.build("T", "a BETWEEN 2 AND 4 AND TAGS = 'x'", "SQL92", 0),
                true);
        assertTrue(f.matches(12345), "SQL92 passes every tag code");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TAGS", "x");
        p.put("a", "3");
        assertTrue(f.matchesStored(stored("T", p)));
        p.put("a", "5");
        assertFalse(f.matchesStored(stored("T", p)));
        p.remove("a");
        assertFalse(f.matchesStored(stored("T", p)));
        String longTopic = "L".repeat(200);
        p.put("a", "2");
        assertTrue(f.matchesStored(stored(longTopic, p)), "v2 records (2-byte topic length) are read too");
    }

    @Test
    void sqlIsRefusedWhenThePropertyFilterIsOff() throws Exception {
        SubscriptionData sql = SubscriptionData.build("T", "a > 1", "SQL92", 0);
        FilterExpressionException e = assertThrows(FilterExpressionException.class, () -> MessageFilters.of(sql, false));
        assertTrue(e.getMessage().contains("enablePropertyFilter"), e.getMessage());
        assertThrows(FilterExpressionException.class,
                () -> MessageFilters.of(SubscriptionData.build("T", "a >", "SQL92", 0), true));
    }

    @Test
    void subscriptionJsonHasTheClientsShape() {
        String json = "{\"classFilterMode\":false,\"codeSet\":[2598919],\"expressionType\":\"TAG\","
                + "\"subString\":\"TagA\",\"subVersion\":1700000000000,\"tagsSet\":[\"TagA\"],\"topic\":\"T\","
                + "\"filterClassSource\":null}";
        SubscriptionData s = Json.fromString(json, SubscriptionData.class);
        assertEquals("T", s.topic());
        assertEquals(1_700_000_000_000L, s.subVersion());
        assertEquals(Set.of(2598919), s.codeSet());
        String out = Json.toString(s);
        assertTrue(out.startsWith("{\"classFilterMode\":false,\"codeSet\":[2598919],\"expressionType\":\"TAG\""), out);
        assertEquals(s, Json.fromString(out, SubscriptionData.class));
        assertEquals(List.of("TagA"), List.copyOf(s.tagsSet()));
    }
}
