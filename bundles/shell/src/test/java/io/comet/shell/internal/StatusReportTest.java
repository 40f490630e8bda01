package io.comet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.comet.common.StatusSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    @Test
    void rendersNodeEndpointsAndSourcesInOrder() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("brokers", 2);
        figures.put("topics", 14);
        String text = new StatusReport("namesrv", Duration.ofSeconds(3723), "/conf/namesrv.properties",
                "OpenJDK 64-Bit Server VM 17", List.of(new StatusReport.Endpoint("namesrv", 9876)),
                List.of(new StatusReport.Section("namesrv", figures),
                        new StatusReport.Section("store", Map.of()))).render();
        assertEquals("""
                Comet node
                  role         namesrv
                  uptime       1h 02m 03s
                  config file  /conf/namesrv.properties
                  JVM          OpenJDK 64-Bit Server VM 17
                Endpoints
                  namesrv  port 9876
                namesrv
                  brokers  2
                  topics   14
                store
                  (no figures)""", text);
    }

    @Test
    void saysWhatIsMissing() {
        String text = new StatusReport(null, Duration.ZERO, null, "vm", null, List.of()).render();
        assertEquals("""
                Comet node
                  role         (not set)
                  uptime       0s
                  config file  (none)
                  JVM          vm
                Endpoints
                  (remoting is not installed)""", text);
        String none = new StatusReport("broker", Duration.ZERO, null, "vm", List.of(), List.of()).render();
        assertEquals(true, none.endsWith("Endpoints\n  (none listening)"), none);
    }

    @Test
    void uptimeLeavesOutLeadingZeroUnits() {
        assertEquals("59s", StatusReport.format(Duration.ofSeconds(59)));
        assertEquals("1m 00s", StatusReport.format(Duration.ofSeconds(60)));
        assertEquals("2d 00h 00m 01s", StatusReport.format(Duration.ofDays(2).plusSeconds(1)));
    }

    @Test
    void aFailingStatusSourceIsShownNotThrown() {
        StatusSource broken = new StatusSource() {
            @Override public String statusName() { return "store"; }
            @Override public Map<String, Object> status() { throw new IllegalStateException("closed"); }
        };
        StatusReport.Section s = MqCommands.section(broken);
        assertEquals("store", s.name());
        assertEquals("status unavailable: java.lang.IllegalStateException: closed", s.figures().get("error"));
    }
}
