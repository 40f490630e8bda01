package io.comet.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PropertiesTextTest {
    private static final String BROKER_CONF = """
            # Licensed to the Apache Software Foundation
            brokerClusterName = DefaultCluster
            brokerName=broker-a
            ! another comment style
            brokerId: 0

            deleteWhen 04
            fileReservedTime=48   \s
            brokerRole=ASYNC_MASTER
            flushDiskType=ASYNC_FLUSH
            """;

    @Test
    void readsRocketMqSyntaxLikeJavaUtilPropertiesAndTrimsValues() throws Exception {
        Map<String, String> values = PropertiesText.parse(BROKER_CONF).values();
        Properties jdk = new Properties();
        jdk.load(new StringReader(BROKER_CONF));
        assertEquals(jdk.stringPropertyNames(), values.keySet());
        assertEquals("DefaultCluster", values.get("brokerClusterName"));
        assertEquals("0", values.get("brokerId"));
        assertEquals("04", values.get("deleteWhen"));
        assertEquals("48", values.get("fileReservedTime"), "trailing blanks are trimmed");
        assertEquals(List.of("brokerClusterName", "brokerName", "brokerId", "deleteWhen", "fileReservedTime",
                "brokerRole", "flushDiskType"), List.copyOf(values.keySet()), "keys keep file order");
    }

    @Test
    void continuationLinesEscapesAndRepeatedKeysFollowProperties() throws Exception {
        String text = "namesrvAddr=127.0.0.1:9876;\\\n    127.0.0.2:9876\n"
                + "key\\ with\\ spaces=a\\tb\n"
                + "uni=caf\\u00e9\\u4e2d\n"
                + "repeated=1\nrepeated=2\n"
                + "endsWithEscapedBackslash=c:\\\\\nnext=3\n";
        Map<String, String> values = PropertiesText.parse(text).values();
        Properties jdk = new Properties();
        jdk.load(new StringReader(text));
        for (String k : jdk.stringPropertyNames()) {
            assertEquals(jdk.getProperty(k).trim(), values.get(k), k);
        }
        assertEquals(jdk.size(), values.size());
        assertEquals("127.0.0.1:9876;127.0.0.2:9876", values.get("namesrvAddr"));
        assertEquals("2", values.get("repeated"), "the last occurrence wins");
        assertEquals("3", values.get("next"), "an escaped backslash does not continue the line");
    }

    @Test
    void editingChangesOnlyTheLinesOfChangedKeysAndAppendsNewOnes() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("brokerId", "1");
        changes.put("flushDiskType", "SYNC_FLUSH");
        changes.put("namesrvAddr", "127.0.0.1:9876");
        String edited = PropertiesText.parse(BROKER_CONF).with(changes).text();
        assertEquals("""
                # Licensed to the Apache Software Foundation
                brokerClusterName = DefaultCluster
                brokerName=broker-a
                ! another comment style
                brokerId=1

                deleteWhen 04
                fileReservedTime=48   \s
                brokerRole=ASYNC_MASTER
                flushDiskType=SYNC_FLUSH
                namesrvAddr=127.0.0.1:9876
                """, edited);
    }

    @Test
    void editingReplacesEveryOccurrenceAndWholeContinuedLinesAndRemovesKeys() {
        String text = "a=1\r\nb=x\\\r\n  y\r\n# keep me\r\na=2\r\nc=3";
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("a", "9");
        changes.put("b", "z");
        changes.put("c", null);
        changes.put("d", "4");
        String edited = PropertiesText.parse(text).with(changes).text();
        assertEquals("a=9\r\nb=z\r\n# keep me\r\na=9\r\nd=4\r\n", edited,
                "CRLF kept, continuation replaced whole, removed key gone, new key appended with the file's newline");
    }

    @Test
    void appendingToAFileWithoutFinalNewlineStartsANewLine() {
        assertEquals("a=1\nb=2\n", PropertiesText.parse("a=1").with(Map.of("b", "2")).text());
        assertEquals("b=2\n", PropertiesText.parse("").with(Map.of("b", "2")).text());
    }

    @Test
    void noChangesKeepsTheSameText() {
        PropertiesText t = PropertiesText.parse(BROKER_CONF);
        assertSame(t, t.with(Map.of()));
    }

    @Test
    void formattedEntriesReadBackExactly() throws Exception {
        String[][] cases = {
            {"plain", "value"},
            {"spaces", "  leading and trailing  "},
            {"key with = and :", "a=b:c"},
            {"#hash", "#not a comment"},
            {"!bang", "!x"},
            {"backslash", "c:\\dir\\"},
            {"controls", "tab\there\nnewline\rcr\fform"},
            {"unicode", "café 中文 \u0001"},
            {"empty", ""},
        };
        for (String[] c : cases) {
            String line = PropertiesText.format(c[0], c[1]);
            Properties jdk = new Properties();
            jdk.load(new StringReader(line));
            assertEquals(c[1], jdk.getProperty(c[0]), "round trip of " + line);
            for (char ch : line.toCharArray()) {
                assertEquals(true, ch <= 0xff, "written in ISO-8859-1: " + line);
            }
        }
    }

    @Test
    void malformedUnicodeEscapeIsRefusedWithTheJdkMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PropertiesText.parse("a=\\u12G4\n"));
        assertEquals(true, e.getMessage().contains("uxxxx"), e.getMessage());
    }
}
