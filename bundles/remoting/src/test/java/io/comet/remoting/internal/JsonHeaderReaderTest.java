package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written JSON header reader against Jackson (the reference, {@link JsonHeaderCodec#decodeWithJackson}):
 * whenever the reader answers, Jackson must accept the same bytes and give the same command; the shapes real
 * clients send must be answered by the reader itself (not declined); anything it declines still decodes (or
 * fails) exactly as before through {@link JsonHeaderCodec#decode}.
 */
class JsonHeaderReaderTest {
    private static final String CLIENT_SEND = "{\"code\":310,\"extFields\":{\"a\":\"pg\",\"b\":\"TopicTest\",\"c\":\"TBW102\","
            + "\"d\":\"4\",\"e\":\"1\",\"f\":\"0\",\"g\":\"1700000000000\",\"h\":\"0\","
            + "\"i\":\"UNIQ_KEY\\u0001AC11\\u0002WAIT\\u0001true\\u0002TAGS\\u0001TagA\\u0002\",\"j\":\"0\",\"k\":\"false\","
            + "\"m\":\"false\",\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":0,"
            + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";

    /** Shapes the reader must answer itself, each with what it must decode to. */
    @Test
    void answersTheClientsShapesItself() {
        RemotingCommand send = fast(CLIENT_SEND);
        assertNotNull(send, "the 5.x client's send header was declined");
        assertEquals(310, send.code());
        assertEquals(409, send.version());
        assertEquals(LanguageCode.JAVA, send.language());
        assertEquals("UNIQ_KEY\u0001AC11\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002", send.field("i"));
        assertEquals("1700000000000", send.field("g"));
        assertEquals(13, send.extFields().size());
        same(CLIENT_SEND);

        String spaced = " {\n\t\"code\" : -5 ,\"remark\":null, \"extFields\" : { \"k\" : 7, \"t\":true,\"f\":false,"
                + "\"z\":null,\"neg\":-0 } , \"language\":\"GO\",\"opaque\":\"  12 \",\"y\":null,"
                + "\"w\":\"s\",\"v\":true,\"flag\":null} \r\n";
        RemotingCommand c = fast(spaced);
        assertNotNull(c, "whitespace, literals and numbers were declined");
        assertEquals(-5, c.code());
        assertEquals(12, c.opaque());
        assertEquals(LanguageCode.GO, c.language());
        assertEquals(0, c.version(), "a missing version is 0");
        assertEquals(Map.of("k", "7", "t", "true", "f", "false", "neg", "-0"), c.extFields());
        same(spaced);

        String unicode = "{\"code\":1,\"remark\":\"\u00e9\u4e2d\ud83d\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00E9\\ud83d\\ude00\","
                + "\"extFields\":{\"\u4e2d\":\"\u0001raw\u001f\"},\"language\":3}";
        RemotingCommand u = fast(unicode);
        assertNotNull(u, "escapes, raw control characters and UTF-8 were declined");
        assertEquals("\u00e9\u4e2d\ud83d\ude00 \"q\" \\ / \b\f\n\r\t \u00e9\ud83d\ude00", u.remark());
        assertEquals("\u0001raw\u001f", u.field("\u4e2d"));
        assertEquals(LanguageCode.PYTHON, u.language());
        same(unicode);
    }

    @Test
    void declinesWhatItDoesNotKnowAndJacksonStillDecides() {
        String[] declined = {
            "{\"code\":1.0}", "{\"x\":1.5e3}", "{\"code\":2147483648}", "{\"code\":01}", "{\"code\":1,}", "{\"code\":1}x",
            "{\"code\":1} {}", "{\"extFields\":{\"a\":[1]}}", "{\"extFields\":{\"a\":1e3}}", "{\"u\":{\"n\":1}}",
            "{\"remark\":5}", "{\"remark\":\"\\x\"}", "{\"remark\":\"\\u12G4\"}", "\ufeff{\"code\":1}", "[1]", "",
            "{\"code\":nul}", "{\"code\":truex}", "{\"extFields\":{\"a\":\"b\"", "{\"code\":\"abc\"}", "{'code':1}",
            "{\"opaque\":-}",
        };
        for (String json : declined) {
            assertNull(fast(json), json);
            same(json);
        }
        byte[][] badUtf8 = {
            {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80,
                (byte) 0x80, (byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}, {(byte) 0x80}, {(byte) 0xE0, (byte) 0x80,
                (byte) 0x80},
        };
        for (byte[] bad : badUtf8) {
            byte[] json = utf8WithRemark(bad);
            assertNull(reader().read(json, 0, json.length));
            sameBytes(json);
        }
    }

    /** Random headers, re-spelled and mutated: the reader either declines or agrees with Jackson exactly. */
    @Test
    void agreesWithJacksonOnRandomAndMutatedHeaders() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int answered = 0;
        for (int i = 0; i < 8_000; i++) {
            byte[] bytes = randomHeader(random).getBytes(StandardCharsets.UTF_8);
            if (i % 2 == 1) {
                bytes = mutate(random, bytes);
            }
            if (sameBytes(bytes, "seed " + seed + " case " + i + ": " + new String(bytes, StandardCharsets.UTF_8))) {
                answered++;
            }
        }
        assertTrue(answered > 800, "the reader answered only " + answered + " of 8000 (seed " + seed + ")");
    }

    /**
     * Whatever Comet's own encoder writes (any characters, unpaired surrogates included), the reader answers itself,
     * as Jackson reads it and equal to the command that was written.
     */
    @Test
    void answersEveryHeaderTheEncoderWrites() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 3_000; i++) {
            RemotingCommand cmd = RemotingCommand.request(r.nextInt()).opaque(r.nextInt()).flag(r.nextInt(4))
                    .version(r.nextInt()).language(LanguageCode.values()[r.nextInt(LanguageCode.values().length)])
                    .remark(r.nextInt(3) == 0 ? null : unquoted(stringLiteral(r)));
            int fields = r.nextInt(16);
            for (int f = 0; f < fields; f++) {
                cmd.put(unquoted(stringLiteral(r)), unquoted(stringLiteral(r)));
            }
            ByteBuf out = Unpooled.buffer();
            JsonHeaderCodec.encode(cmd, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            String ctx = "seed " + seed + " case " + i + ": " + new String(bytes, StandardCharsets.UTF_8);
            RemotingCommand back = reader().read(bytes, 0, bytes.length);
            assertNotNull(back, ctx);
            assertEquals(describe(JsonHeaderCodec.decodeWithJackson(bytes, 0, bytes.length)), describe(back), ctx);
            assertEquals(describe(cmd), describe(back), ctx);
        }
    }

    /** The text a generated literal stands for (Jackson reads it), so random strings cover every character class. */
    private static String unquoted(String literal) {
        byte[] json = ("{\"remark\":" + literal + "}").getBytes(StandardCharsets.UTF_8);
        return JsonHeaderCodec.decodeWithJackson(json, 0, json.length).remark();
    }

    /** The writer's exact bytes for every kind of character (a regression guard for the wire text). */
    @Test
    void writerEscapesExactlyAsDocumented() {
        String tricky = "a\u0001\u0002\"\\\n\r\t\b\f\u001f\u007f\u00e9\u4e2d\ud83d\ude00\ud800x\udc00";
        RemotingCommand cmd = RemotingCommand.request(-7).opaque(Integer.MIN_VALUE).version(0).remark(tricky)
                .language(LanguageCode.RUST).put("k", tricky).put("gone", null);
        ByteBuf out = Unpooled.buffer();
        JsonHeaderCodec.encode(cmd, out);
        String escaped = "\"a\\u0001\\u0002\\\"\\\\\\n\\r\\t\\b\\f\\u001f\u007f\u00e9\u4e2d\ud83d\ude00\\ud800x\\udc00\"";
        assertEquals("{\"code\":-7,\"extFields\":{\"k\":" + escaped + "},\"flag\":0,\"language\":\"RUST\","
                + "\"opaque\":-2147483648,\"remark\":" + escaped + ",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":0}",
                out.toString(StandardCharsets.UTF_8));
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        assertEquals(describe(cmd), describe(reader().read(bytes, 0, bytes.length)));
    }

    @Test
    void readsFromDirectBuffersAtAnOffset() {
        byte[] json = CLIENT_SEND.getBytes(StandardCharsets.UTF_8);
        ByteBuf direct = Unpooled.directBuffer(json.length + 20);
        try {
            direct.writeZero(7).writeBytes(json).writeBytes("garbage".getBytes(StandardCharsets.US_ASCII));
            RemotingCommand cmd = JsonHeaderCodec.decode(direct, 7, json.length);
            assertEquals("TopicTest", cmd.field("b"));
            assertEquals(0, direct.readerIndex(), "reader index untouched");
        } finally {
            direct.release();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static JsonHeaderReader reader() {
        return JsonHeaderReader.current();
    }

    private static RemotingCommand fast(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return reader().read(b, 0, b.length);
    }

    private static void same(String json) {
        sameBytes(json.getBytes(StandardCharsets.UTF_8), json);
    }

    private static void sameBytes(byte[] json) {
        sameBytes(json, new String(json, StandardCharsets.UTF_8));
    }

    /** Asserts the reader agrees with Jackson and decode() with the reference; true when the reader answered. */
    private static boolean sameBytes(byte[] json, String ctx) {
        byte[] padded = new byte[json.length + 6];
        System.arraycopy(json, 0, padded, 3, json.length);
        padded[json.length + 3] = '}'; // bytes after the header must not be read
        padded[json.length + 4] = '"';
        RemotingCommand fast = reader().read(padded, 3, json.length);
        String reference;
        try {
            reference = describe(JsonHeaderCodec.decodeWithJackson(json, 0, json.length));
        } catch (FrameFormatException e) {
            reference = "error: " + e.getMessage();
        }
        if (fast != null) {
            assertEquals(reference, describe(fast), ctx);
        }
        String viaCodec;
        try {
            viaCodec = describe(JsonHeaderCodec.decode(Unpooled.wrappedBuffer(json), 0, json.length));
        } catch (FrameFormatException e) {
            viaCodec = "error: " + e.getMessage();
        }
        assertEquals(reference, viaCodec, ctx);
        return fast != null;
    }

    private static String describe(RemotingCommand c) {
        return "code=" + c.code() + " flag=" + c.flag() + " opaque=" + c.opaque() + " version=" + c.version()
                + " language=" + c.language() + " remark=" + quote(c.remark()) + " ext="
                + (c.extFields() == null ? "null" : new java.util.TreeMap<>(c.extFields()).entrySet().stream()
                        .map(e -> quote(e.getKey()) + "=" + quote(e.getValue())).toList());
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        s.chars().forEach(ch -> b.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", ch) : String.valueOf((char) ch)));
        return b.append('\'').toString();
    }

    private static byte[] utf8WithRemark(byte[] raw) {
        byte[] head = "{\"remark\":\"a".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "b\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(raw, 0, out, head.length, raw.length);
        System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
        return out;
    }

    private static String randomHeader(Random r) {
        List<String> members = new ArrayList<>();
        String[] ints = {"code", "flag", "opaque", "version"};
        for (String k : ints) {
            if (r.nextInt(5) > 0) {
                members.add(q(k) + ws(r) + ":" + ws(r) + intValue(r));
            }
        }
        if (r.nextInt(4) > 0) {
            members.add(q("language") + ":" + switch (r.nextInt(5)) {
                case 0 -> q(LanguageCode.values()[r.nextInt(LanguageCode.values().length)].name());
                case 1 -> Integer.toString(r.nextInt(20) - 2);
                case 2 -> "null";
                case 3 -> q("cobol");
                default -> q("JAVA");
            });
        }
        if (r.nextInt(3) == 0) {
            members.add(q("remark") + ":" + (r.nextInt(4) == 0 ? "null" : stringLiteral(r)));
        }
        if (r.nextInt(5) > 0) {
            members.add(q("extFields") + ":" + (r.nextInt(10) == 0 ? "null" : extFields(r)));
        }
        int unknown = r.nextInt(3);
        for (int i = 0; i < unknown; i++) {
            members.add(stringLiteral(r) + ":" + anyValue(r, 0));
        }
        if (r.nextInt(6) == 0 && !members.isEmpty()) {
            members.add(members.get(r.nextInt(members.size()))); // duplicate key
        }
        java.util.Collections.shuffle(members, r);
        StringBuilder b = new StringBuilder(ws(r)).append('{');
        for (int i = 0; i < members.size(); i++) {
            b.append(i == 0 ? "" : ",").append(ws(r)).append(members.get(i)).append(ws(r));
        }
        return b.append('}').append(ws(r)).toString();
    }

    private static String extFields(Random r) {
        StringBuilder b = new StringBuilder("{");
        int n = r.nextInt(16);
        for (int i = 0; i < n; i++) {
            String key = r.nextInt(3) == 0 ? stringLiteral(r) : q(String.valueOf((char) ('a' + r.nextInt(14))));
            String value = switch (r.nextInt(12)) {
                case 0 -> "null";
                case 1 -> r.nextBoolean() ? "true" : "false";
                case 2 -> Long.toString(r.nextLong() >> r.nextInt(64));
                case 3 -> r.nextInt(20) == 0 ? anyValue(r, 1) : "1.25";
                default -> stringLiteral(r);
            };
            b.append(i == 0 ? "" : ",").append(ws(r)).append(key).append(ws(r)).append(':').append(ws(r)).append(value);
        }
        return b.append(ws(r)).append('}').toString();
    }

    private static String intValue(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "null";
            case 1 -> q(" " + r.nextInt() + " ");
            case 2 -> Long.toString(r.nextLong());
            case 3 -> Integer.toString(Integer.MIN_VALUE);
            case 4 -> Integer.toString(Integer.MAX_VALUE);
            case 5 -> "-0";
            default -> Integer.toString(r.nextInt() >> r.nextInt(32));
        };
    }

    private static String anyValue(Random r, int depth) {
        return switch (depth > 2 ? r.nextInt(5) : r.nextInt(8)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> Integer.toString(r.nextInt());
            case 3 -> "-3.5E-2";
            case 4 -> stringLiteral(r);
            case 5 -> "[" + anyValue(r, depth + 1) + "," + anyValue(r, depth + 1) + "]";
            case 6 -> "{" + stringLiteral(r) + ":" + anyValue(r, depth + 1) + "}";
            default -> "{}";
        };
    }

    /** A JSON string literal mixing plain ASCII, escapes of every kind, raw controls and multi-byte characters. */
    private static String stringLiteral(Random r) {
        StringBuilder b = new StringBuilder("\"");
        int n = r.nextInt(r.nextInt(8) == 0 ? 60 : 12);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(14)) {
                case 0 -> b.append("\\u").append(String.format(r.nextBoolean() ? "%04x" : "%04X", r.nextInt(0x10000)));
                case 1 -> b.append('\\').append("\"\\/bfnrt".charAt(r.nextInt(8)));
                case 2 -> b.append((char) r.nextInt(0x20));
                case 3 -> b.append((char) (0x80 + r.nextInt(0x780)));
                case 4 -> b.append((char) (0x800 + r.nextInt(0xD000)));
                case 5 -> b.appendCodePoint(0x10000 + r.nextInt(0x100000));
                default -> {
                    char c = (char) (0x20 + r.nextInt(0x5F));
                    b.append(c == '"' || c == '\\' ? 'x' : c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static String ws(Random r) {
        return r.nextInt(4) > 0 ? "" : " \t\r\n".substring(r.nextInt(4), 4);
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    /** One to three random edits: flip, insert, delete or truncate. */
    private static byte[] mutate(Random r, byte[] in) {
        byte[] b = in;
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            byte[] interesting = {'"', '\\', '{', '}', '[', ']', ',', ':', '-', '0', '9', 'e', '.', 'n', 't', ' ',
                    (byte) 0x80, (byte) 0xC3, (byte) 0xE4, (byte) 0xF0, (byte) 0xFF, 0};
            byte value = r.nextBoolean() ? interesting[r.nextInt(interesting.length)] : (byte) r.nextInt();
            switch (r.nextInt(4)) {
                case 0 -> b[at] = value;
                case 1 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = value;
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 2 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
