package io.comet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HaReportTest {
    @Test
    void aMasterShowsEachSlaveWithItsAckedOffsetAndLag() {
        String body = "{\"master\":true,\"masterCommitLogMaxOffset\":5000,\"inSyncSlaveNums\":1,"
                + "\"haConnectionInfo\":[{\"addr\":\"127.0.0.1:40001\",\"slaveAckOffset\":4000,\"diff\":1000,"
                + "\"inSync\":true},{\"addr\":\"127.0.0.1:40002\",\"slaveAckOffset\":10,\"diff\":4990,"
                + "\"inSync\":false}]}";
        String text = HaReport.format(body);
        assertEquals("""
                role               master
                commitLogMaxOffset 5000
                slaves             2 (1 in sync)
                  slave            ackedOffset  behind  status
                  127.0.0.1:40001  4000         1000    OK
                  127.0.0.1:40002  10           4990    Fall Behind""", text);
    }

    @Test
    void aSlaveShowsTheMasterItFollows() {
        String text = HaReport.format("{\"master\":false,\"haClientRuntimeInfo\":{\"masterAddr\":\"127.0.0.1:9\","
                + "\"maxOffset\":77,\"activated\":true}}");
        assertTrue(text.contains("masterHaAddress    127.0.0.1:9\n"), text);
        assertTrue(text.contains("connected          true\n"), text);
        assertTrue(text.endsWith("commitLogMaxOffset 77"), text);
    }

    @Test
    void anUnreadableAnswerIsNamed() {
        assertTrue(HaReport.format("not json").startsWith("the broker's HA status could not be read"));
    }
}
