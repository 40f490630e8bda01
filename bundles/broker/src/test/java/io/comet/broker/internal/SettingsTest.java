package io.comet.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults are RocketMQ's; bad values fail naming key and value. */
class SettingsTest {
    @Test
    void defaultsAreRocketMqs() {
        BrokerSettings s = BrokerSettings.of(Map.of());
        Map<String, String> d = Configurations.describe(BrokerConfiguration.class, s.config());
        assertEquals("DefaultCluster", d.get("brokerClusterName"));
        assertEquals("broker-a", s.brokerName());
        assertEquals("0", d.get("brokerId"));
        assertEquals("10911", d.get("listenPort"));
        assertEquals(BrokerRole.ASYNC_MASTER, s.role(), "the role is the HA service's; ASYNC_MASTER until told");
        assertEquals(0, s.registeredBrokerId());
        assertEquals("true", d.get("autoCreateTopicEnable"));
        assertEquals("true", d.get("autoCreateSubscriptionGroup"));
        assertEquals("8", d.get("defaultTopicQueueNums"));
        assertEquals("6", d.get("brokerPermission"));
        assertEquals("30000", d.get("registerNameServerPeriod"));
        assertEquals("6000", d.get("transactionTimeOut"));
        assertEquals("15", d.get("transactionCheckMax"));
        assertEquals("60000", d.get("transactionCheckInterval"));
        assertEquals("false", d.get("enablePropertyFilter"));
        assertEquals("1000", d.get("shortPollingTimeMills"));
        assertEquals("true", d.get("longPollingEnable"));
        assertEquals("0.0.0.0", d.get("bindAddress"));
        assertEquals(18, s.delayLevels().count());
        assertEquals(7_200_000, s.delayLevels().delayMillis(18));
        assertFalse(s.brokerIP1().isEmpty());
        assertEquals(List.of(), s.namesrvAddrs());
        assertEquals(16, s.adminThreads());
        assertTrue(s.sendThreads() >= 1 && s.sendThreads() <= 4);
    }

    @Test
    void nameServerListsSplitOnSemicolonsAndCommas() {
        assertEquals(List.of("127.0.0.1:9876", "127.0.0.2:9876"),
                BrokerSettings.of(Map.of("namesrvAddr", " 127.0.0.1:9876;127.0.0.2:9876; ")).namesrvAddrs());
        assertEquals(List.of("a:1", "b:2"), BrokerSettings.parseAddresses("a:1,b:2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.parseAddresses("127.0.0.1"));
        assertTrue(e.getMessage().contains("'127.0.0.1' is not host:port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BrokerSettings.parseAddresses("h:port"));
    }

    @Test
    void badValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BrokerSettings.of(Map.of("listenPort", 70000)))
                .getMessage().contains("listenPort=70000"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.of(Map.of("messageDelayLevel", "1s 5x"))).getMessage().contains("'5x'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.of(Map.of("noSuchKey", "1"))).getMessage().contains("noSuchKey"));
        assertThrows(IllegalArgumentException.class, () -> BrokerSettings.of(Map.of("listenPort", "ten")));
    }

    @Test
    void delayLevelsParseUnitsAndRoundUp() {
        DelayLevels l = DelayLevels.parse("1s 2m 3h 1d");
        assertEquals(4, l.count());
        assertEquals(1_000, l.delayMillis(1));
        assertEquals(120_000, l.delayMillis(2));
        assertEquals(10_800_000, l.delayMillis(3));
        assertEquals(86_400_000, l.delayMillis(4));
        assertEquals(1, l.levelFor(0));
        assertEquals(2, l.levelFor(1_001));
        assertEquals(4, l.levelFor(Long.MAX_VALUE));
        assertEquals(4, l.clamp(40));
        assertThrows(IllegalArgumentException.class, () -> l.delayMillis(5));
        assertThrows(IllegalArgumentException.class, () -> DelayLevels.parse(" "));
    }

    @Test
    void hostsParseLiteralsOnly() {
        assertEquals("10.0.0.7", Hosts.parse("10.0.0.7:1234").getAddress().getHostAddress());
        assertEquals(1234, Hosts.parse("10.0.0.7:1234").getPort());
        assertEquals(55, Hosts.parse("0:0:0:0:0:0:0:1:55").getPort());
        assertEquals(0, Hosts.parse("example.com:80").getPort(), "names are not looked up");
        assertEquals(0, Hosts.parse("300.1.1.1:80").getPort());
        assertEquals(0, Hosts.parse(null).getPort());
    }

    @Test
    void statsGiveRatesOverTheirWindow() {
        BrokerStats stats = new BrokerStats();
        long t = 1_700_000_000_000L;
        stats.sample(t);
        for (int i = 1; i <= 20; i++) {
            stats.onPut(10, 100);
            stats.sample(t + i * 1000L);
        }
        assertEquals("10.00 10.00 10.00", stats.putTps());
        assertEquals(200, stats.putTotal());
        assertEquals(2000, stats.putBytesTotal());
        assertEquals("0.00 0.00 0.00", stats.getTps());
    }

    @Test
    void theRegisteredIdFollowsTheRole() {
        BrokerSettings slaveConfigured = BrokerSettings.of(Map.of("brokerId", 2, "brokerIP1", "10.0.0.5"));
        assertEquals(0, slaveConfigured.registeredBrokerId(), "a master registers with 0 whatever brokerId says");
        assertEquals(2, slaveConfigured.withRole(BrokerRole.SLAVE).registeredBrokerId());
        assertEquals(0, slaveConfigured.withRole(BrokerRole.SYNC_MASTER).registeredBrokerId());
        assertEquals(1, BrokerSettings.of(Map.of()).withRole(BrokerRole.SLAVE).registeredBrokerId(),
                "a demoted master configured with brokerId=0 must not claim the master id");
        assertEquals("10.0.0.5", slaveConfigured.haHost());
        assertEquals("10.0.0.9", BrokerSettings.of(Map.of("brokerIP1", "10.0.0.5", "brokerIP2", "10.0.0.9")).haHost());
    }
}
