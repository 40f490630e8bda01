package io.comet.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @Test
    void jsonHoldsEveryRunTheMediansTheRatioAndTheNotes(@TempDir Path dir) throws Exception {
        Results r = new Results();
        r.add("disk.dsync_4KiB_writes_per_s", "writes/s", Better.HIGHER, Figure.MACHINE, 2500);
        r.add("send.ASYNC_FLUSH.1024B.p99_ms", "ms", Better.LOWER, "comet", 2);
        r.add("send.ASYNC_FLUSH.1024B.p99_ms", "ms", Better.LOWER, "comet", 4);
        r.add("send.ASYNC_FLUSH.1024B.p99_ms", "ms", Better.LOWER, "apache", 8);
        r.add("boot.broker_ms", "ms", Better.LOWER, "apache", 1500);
        r.note("comet", "Comet broker not available in this build");
        Path file = dir.resolve("out/results.json");
        ReportWriter.json(r, Map.of("runs", 2), file);

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals(2, root.at("/settings/runs").asInt());
        assertEquals("Comet broker not available in this build", root.at("/notes/comet/0").asText());
        JsonNode p99 = root.at("/figures/1");
        assertEquals("send.ASYNC_FLUSH.1024B.p99_ms", p99.get("id").asText());
        assertEquals("lower", p99.get("better").asText());
        assertEquals(2, p99.at("/comet/runs").size());
        assertEquals(3.0, p99.at("/comet/median").asDouble(), 1e-9);
        assertEquals(0.375, p99.get("ratio").asDouble(), 1e-9);
        JsonNode boot = root.at("/figures/2");
        assertFalse(boot.has("comet"), "no entry for a system that was not measured");
        assertFalse(boot.has("ratio"));
        assertEquals(2500, root.at("/figures/0/machine/median").asDouble(), 1e-9);
    }

    @Test
    void tableShowsValuesRatioAndNotes() {
        Results r = new Results();
        r.add("drain.msgs_per_s", "msg/s", Better.HIGHER, "comet", 30_000);
        r.add("drain.msgs_per_s", "msg/s", Better.HIGHER, "apache", 20_000);
        r.add("boot.broker_ms", "ms", Better.LOWER, "apache", 1234);
        r.note("comet", "Comet broker not available in this build");
        String table = ReportWriter.table(r);
        assertTrue(table.matches("(?s).*drain\\.msgs_per_s\\s+msg/s\\s+30000\\s+20000\\s+1\\.50x\\s+higher.*"), table);
        assertTrue(table.matches("(?s).*boot\\.broker_ms\\s+ms\\s+n/a\\s+1234\\s+-\\s+lower.*"), table);
        assertTrue(table.contains("note [comet]: Comet broker not available in this build"), table);
    }
}
