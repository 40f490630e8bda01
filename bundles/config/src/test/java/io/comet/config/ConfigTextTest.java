package io.comet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Properties text written by {@link ConfigText#format} reads back exactly, with Properties and with parse. */
class ConfigTextTest {
    @Test
    void formattedTextReadsBackExactlyThroughPropertiesLoad() throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listenPort", "9876");
        config.put("a key=with:odd#chars!", " leading space, tab\tnewline\ncr\rbackslash\\ and #hash");
        config.put("#notAComment", "!bang");
        config.put("unicode", "caf\u00e9 \u4e2d\u6587");
        config.put("empty", "");
        config.put("gone", null);
        String text = ConfigText.format(config);
        assertEquals(5, text.lines().count(), "one line per entry, the null-valued one left out:\n" + text);
        assertTrue(text.startsWith("listenPort=9876\n"), text);
        assertTrue(StandardCharsets.ISO_8859_1.newEncoder().canEncode(text),
                "only ISO-8859-1 characters are written: " + text);

        Properties loaded = new Properties();
        loaded.load(new StringReader(text));
        Map<String, String> expected = new LinkedHashMap<>(config);
        expected.remove("gone");
        assertEquals(expected.size(), loaded.size());
        expected.forEach((k, v) -> assertEquals(v, loaded.getProperty(k), k));
        assertEquals(expected, ConfigText.parse(text));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(ConfigText.parse(text).keySet()), "map order kept");
    }

    @Test
    void parseKeepsFirstAppearanceOrderAndTheLastValue() {
        Map<String, String> parsed = ConfigText.parse("# comment\nb=1\na : 2\nb=3\n! other comment\nc 4\n");
        assertEquals(List.of("b", "a", "c"), List.copyOf(parsed.keySet()));
        assertEquals(Map.of("a", "2", "b", "3", "c", "4"), parsed);
    }

    @Test
    void malformedUnicodeEscapeIsRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigText.parse("k=\\uZZZZ\n"));
        assertTrue(e.getMessage().startsWith("not properties text: "), e.getMessage());
    }
}
