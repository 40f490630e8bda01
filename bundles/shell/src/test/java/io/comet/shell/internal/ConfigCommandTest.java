package io.comet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCommandTest {
    private final FakeConfigService service = new FakeConfigService()
            .with("comet.broker", "brokerName", "broker-a")
            .with("comet.broker", "listenPort", "10911")
            .with("comet.flush", "flushDiskType", "ASYNC_FLUSH");

    @Test
    void noArgumentsListsEveryKeyWithValueAndPidInKeyOrder() {
        assertEquals("""
                KEY            VALUE        PID
                brokerName     broker-a     comet.broker
                flushDiskType  ASYNC_FLUSH  comet.flush
                listenPort     10911        comet.broker
                3 keys from /conf/broker.conf""", ConfigCommand.run(service, List.of()));
    }

    @Test
    void getShowsOneKeyAndItsPid() {
        assertEquals("listenPort=10911  (comet.broker)", ConfigCommand.run(service, List.of("get", "listenPort")));
        assertEquals("unknown key 'listenPrt': 'mq:config' lists the keys of this node",
                ConfigCommand.run(service, List.of("get", "listenPrt")));
    }

    @Test
    void setSendsAllPairsAsOneUpdateFromGogo() {
        String out = ConfigCommand.run(service, List.of("set", "listenPort", "10920", "flushDiskType", "SYNC_FLUSH"));
        assertEquals("updated listenPort=10920 flushDiskType=SYNC_FLUSH", out);
        assertEquals(List.of(Map.of("listenPort", "10920", "flushDiskType", "SYNC_FLUSH")), service.updates);
        assertEquals(List.of("gogo"), service.sources);
        assertEquals(List.of("listenPort", "flushDiskType"), List.copyOf(service.updates.get(0).keySet()),
                "pairs keep the order typed");
    }

    @Test
    void aRefusedChangePrintsTheConfigExceptionMessageAndChangesNothing() {
        assertEquals("invalid value 'bad' for listenPort in gogo: expected a whole number",
                ConfigCommand.run(service, List.of("set", "listenPort", "bad")));
        assertEquals("10911", service.current().get("listenPort"));
        assertTrue(service.updates.isEmpty());
    }

    @Test
    void badArgumentsAnswerWithTheUsageLine() {
        for (List<String> args : List.of(List.of("set"), List.of("set", "listenPort"),
                List.of("set", "a", "1", "b"), List.of("get"), List.of("get", "a", "b"), List.of("show"))) {
            String out = ConfigCommand.run(service, args);
            assertTrue(out.endsWith(ConfigCommand.USAGE), args + " -> " + out);
        }
        assertEquals("unknown sub-command 'show'\n" + ConfigCommand.USAGE,
                ConfigCommand.run(service, List.of("show")));
        assertTrue(service.updates.isEmpty(), "nothing was changed by a bad command line");
    }

    @Test
    void withoutTheServiceItSaysSo() {
        assertEquals("The configuration service is not available: the node's configuration is not loaded.",
                ConfigCommand.run(null, List.of("get", "x")));
    }
}
