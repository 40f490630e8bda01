package io.comet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** Both forms of the REGISTER_BROKER body decode to the same topics and version. */
class RegisterBrokerBodyTest {

    private static RegisterBrokerBody sample() {
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        topics.put("TopicTest", TopicConfig.of("TopicTest", 4, 4));
        topics.put("TBW102", TopicConfig.of("TBW102", 8, 8).withPerm(7));
        return new RegisterBrokerBody(new TopicConfigSerializeWrapper(topics, new DataVersion(7, 0, 1700000000000L)), List.of());
    }

    @Test
    void plainFormRoundTrips() {
        RegisterBrokerBody body = sample();
        byte[] json = body.encode(false);
        assertTrue(new String(json, StandardCharsets.UTF_8).startsWith("{\"filterServerList\":[],\"topicConfigSerializeWrapper\":"));
        assertEquals(body, RegisterBrokerBody.decode(json, false));
    }

    @Test
    void compressedFormRoundTrips() {
        RegisterBrokerBody body = sample();
        RegisterBrokerBody back = RegisterBrokerBody.decode(body.encode(true), true);
        assertEquals(body.topicConfigSerializeWrapper().dataVersion(), back.topicConfigSerializeWrapper().dataVersion());
        assertEquals(body.topicConfigSerializeWrapper().topicConfigTable(), back.topicConfigSerializeWrapper().topicConfigTable());
    }

    @Test
    void compressedBodyOfA4xBrokerWithoutMappingSectionDecodes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            section(out, "{\"counter\":2,\"timestamp\":99}");
            out.writeInt(2);
            section(out, "TopicTest 4 2 6 SINGLE_TAG");
            section(out, "TagTopic 1 1 4 MULTI_TAG");
            section(out, "[\"10.0.0.9:1\"]");
        }
        RegisterBrokerBody body = RegisterBrokerBody.decode(bytes.toByteArray(), true);
        assertEquals(new DataVersion(2, 0, 99), body.topicConfigSerializeWrapper().dataVersion());
        TopicConfig t = body.topicConfigSerializeWrapper().topicConfigTable().get("TopicTest");
        assertEquals(4, t.readQueueNums());
        assertEquals(2, t.writeQueueNums());
        assertEquals(TopicFilterType.MULTI_TAG, body.topicConfigSerializeWrapper().topicConfigTable().get("TagTopic").topicFilterType());
        assertEquals(4, body.topicConfigSerializeWrapper().topicConfigTable().get("TagTopic").perm());
        assertEquals(List.of("10.0.0.9:1"), body.filterServerList());
    }

    @Test
    void truncatedCompressedBodyIsRefusedClearly() {
        byte[] full = sample().encode(true);
        byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegisterBrokerBody.decode(cut, true));
        assertTrue(e.getMessage().contains("compressed register body"), e.getMessage());
    }

    @Test
    void compactTopicConfigForm() {
        TopicConfig tc = TopicConfig.of("T", 3, 5).withPerm(7);
        assertEquals("T 3 5 7 SINGLE_TAG {}", tc.toCompactString());
        assertEquals(tc, TopicConfig.fromCompactString(tc.toCompactString()));
        assertThrows(IllegalArgumentException.class, () -> TopicConfig.fromCompactString("T 3 x 6 SINGLE_TAG"));
        assertThrows(IllegalArgumentException.class, () -> TopicConfig.fromCompactString("T 3"));
    }

    private static void section(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
