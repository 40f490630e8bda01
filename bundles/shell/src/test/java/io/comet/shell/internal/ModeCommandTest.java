package io.comet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mq:mode}: shows role, flush and replication settings with the related figures, and changes them live. */
class ModeCommandTest {
    private final FakeConfigService config = new FakeConfigService()
            .with("comet.broker", "brokerRole", "ASYNC_MASTER")
            .with("comet.flush", "flushDiskType", "ASYNC_FLUSH")
            .with("comet.broker", "listenPort", "10911");
    private final List<StatusReport.Section> sections = List.of(
            new StatusReport.Section("flush", Map.of("policy", "ASYNC_FLUSH")),
            new StatusReport.Section("namesrv", Map.of("brokers", 1)),
            new StatusReport.Section("store", Map.of("maxPhyOffset", 42)));

    @Test
    void showsTheSettingsAndOnlyTheRelatedSources() {
        String out = ModeCommand.run(config, sections, List.of());
        assertEquals("Settings\n  brokerRole     ASYNC_MASTER\n  flushDiskType  ASYNC_FLUSH\n"
                + "flush\n  policy  ASYNC_FLUSH\nstore\n  maxPhyOffset  42", out);
    }

    @Test
    void changesRoleAndFlushInOneUpdate() {
        String out = ModeCommand.run(config, sections, List.of("role", "sync_master", "flush", "SYNC_FLUSH"));
        assertEquals(List.of(Map.of("brokerRole", "SYNC_MASTER", "flushDiskType", "SYNC_FLUSH")), config.updates);
        assertTrue(out.startsWith("Settings\n  brokerRole     SYNC_MASTER\n  flushDiskType  SYNC_FLUSH\n"), out);
    }

    @Test
    void refusesUnknownWordsAndOddArguments() {
        assertEquals("unknown setting 'speed'\n" + ModeCommand.USAGE,
                ModeCommand.run(config, sections, List.of("speed", "fast")));
        assertEquals("mq:mode takes WORD VALUE pairs\n" + ModeCommand.USAGE,
                ModeCommand.run(config, sections, List.of("role")));
        assertTrue(config.updates.isEmpty());
    }
}
