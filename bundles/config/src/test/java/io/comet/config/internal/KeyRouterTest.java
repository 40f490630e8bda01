package io.comet.config.internal;

import static io.comet.config.internal.TestAttributes.bool;
import static io.comet.config.internal.TestAttributes.integer;
import static io.comet.config.internal.TestAttributes.longValue;
import static io.comet.config.internal.TestAttributes.options;
import static io.comet.config.internal.TestAttributes.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class KeyRouterTest {
    static final String FILE = "/conf/broker.conf";

    static KeyCatalog brokerCatalog() {
        return KeyCatalog.of(Map.of(
                "comet.broker", List.<AttributeDefinition>of(string("brokerName", "broker-a"),
                        string("brokerClusterName", "DefaultCluster"), longValue("brokerId", 0),
                        integer("listenPort", 10911), bool("autoCreateTopicEnable", true),
                        string("namesrvAddr", null)),
                "comet.flush", List.<AttributeDefinition>of(options("flushDiskType", "ASYNC_FLUSH", "SYNC_FLUSH",
                        "ASYNC_FLUSH"), integer("syncFlushTimeout", 5000)
                        .withValidator(v -> Integer.parseInt(v) > 0 ? "" : "must be positive"))));
    }

    private final KeyRouter router = new KeyRouter(brokerCatalog(), "broker");

    @Test
    void routesEachKeyToTheOnePidThatDeclaresIt() {
        KeyCatalog catalog = brokerCatalog();
        assertEquals("comet.broker", catalog.get("brokerName").pid());
        assertEquals("comet.flush", catalog.get("flushDiskType").pid());
        assertNull(catalog.get("brokerRole"));
        assertEquals(Map.of("brokerName", "broker-a", "brokerClusterName", "DefaultCluster", "brokerId", "0",
                "listenPort", "10911", "autoCreateTopicEnable", "true", "flushDiskType", "ASYNC_FLUSH",
                "syncFlushTimeout", "5000"), catalog.defaults(), "keys without a default have none");
    }

    @Test
    void aKeyDeclaredByTwoPidsIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyCatalog.of(Map.of(
                "comet.a", List.<AttributeDefinition>of(string("x", "1")),
                "comet.b", List.<AttributeDefinition>of(string("x", "2")))));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("comet.a")
                && e.getMessage().contains("comet.b"), e.getMessage());
    }

    @Test
    void unknownKeySuggestsTheNearestKeyAndListsValidKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> router.validate(Map.of("brokerNam", "broker-b"), FILE));
        assertEquals("unknown key 'brokerNam' (value 'broker-b') in /conf/broker.conf (did you mean brokerName? valid keys: "
                + "autoCreateTopicEnable, brokerClusterName, brokerId, brokerName, flushDiskType, listenPort, "
                + "namesrvAddr, syncFlushTimeout)", e.getMessage());
        assertEquals("brokerNam", e.key());
        assertEquals("broker-b", e.value());
        assertEquals(FILE, e.source());
    }

    @Test
    void unknownKeyFarFromAnyKeyHasNoSuggestion() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> router.validate(Map.of("totallyDifferent", "1"), FILE));
        assertTrue(e.getMessage().startsWith("unknown key 'totallyDifferent' (value '1') in /conf/broker.conf (valid keys: "),
                e.getMessage());
    }

    @Test
    void keyOfAFeatureThatIsNotInstalledSaysWhichFeature() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> router.validate(Map.of("brokerRole", "SLAVE"), FILE));
        assertTrue(e.getMessage().startsWith("key 'brokerRole' (value 'SLAVE') in /conf/broker.conf belongs to master/slave "
                + "replication (HA), which is not installed in role broker (valid keys: "), e.getMessage());
        ConfigException d = assertThrows(ConfigException.class,
                () -> router.validate(Map.of("dLegerPeers", "n0-127.0.0.1:40911"), FILE));
        assertTrue(d.getMessage().contains("belongs to the DLedger commit log"), d.getMessage());
    }

    @Test
    void badOptionNamesTheValidValues() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> router.validate(Map.of("flushDiskType", "FAST"), FILE));
        assertEquals("invalid value 'FAST' for flushDiskType in /conf/broker.conf: valid values are SYNC_FLUSH, "
                + "ASYNC_FLUSH", e.getMessage());
    }

    @Test
    void integersLongsAndBooleansParseStrictly() {
        for (String bad : new String[] {"abc", "10911 ", "1e3", "99999999999", "", "10.5"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> router.validate(Map.of("listenPort", bad), FILE), bad);
            assertEquals("invalid value '" + bad + "' for listenPort in /conf/broker.conf: expected a whole number "
                    + "from -2147483648 to 2147483647", e.getMessage());
        }
        assertThrows(ConfigException.class, () -> router.validate(Map.of("brokerId", "0x1"), FILE));
        for (String bad : new String[] {"yes", "1", "tru", ""}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> router.validate(Map.of("autoCreateTopicEnable", bad), FILE));
            assertTrue(e.getMessage().endsWith(": expected true or false"), e.getMessage());
        }
    }

    @Test
    void definitionValidateIsConsulted() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> router.validate(Map.of("syncFlushTimeout", "0"), FILE));
        assertEquals("invalid value '0' for syncFlushTimeout in /conf/broker.conf: must be positive", e.getMessage());
    }

    @Test
    void validValuesComeBackInCanonicalFormInOrder() throws ConfigException {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("listenPort", "010911");
        in.put("autoCreateTopicEnable", "FALSE");
        in.put("brokerId", "+2");
        in.put("flushDiskType", "SYNC_FLUSH");
        Map<String, String> out = router.validate(in, FILE);
        assertEquals(List.of("listenPort", "autoCreateTopicEnable", "brokerId", "flushDiskType"),
                List.copyOf(out.keySet()));
        assertEquals(List.of("10911", "false", "2", "SYNC_FLUSH"), List.copyOf(out.values()));
        assertEquals(10911, router.typed("listenPort", "10911"));
        assertEquals(2L, router.typed("brokerId", "2"));
        assertEquals(Boolean.FALSE, router.typed("autoCreateTopicEnable", "false"));
    }

    @Test
    void multiValuedAttributesSplitOnCommasAndRespectCardinality() throws Exception {
        AttributeDefinition two = integer("ports", 1).withCardinality(2);
        assertArrayEquals(new Integer[] {1, 2}, (Integer[]) ValueParser.parse(two, "1, 2"));
        assertEquals("1,2", ValueParser.canonical(two, " 1 ,2"));
        ValueParser.InvalidValueException e = assertThrows(ValueParser.InvalidValueException.class,
                () -> ValueParser.parse(two, "1,2,3"));
        assertEquals("at most 2 comma-separated values are allowed", e.getMessage());
        AttributeDefinition list = string("names", "a").withCardinality(-Integer.MAX_VALUE);
        assertEquals(List.of("a", "b"), ValueParser.parse(list, "a,b"));
    }
}
