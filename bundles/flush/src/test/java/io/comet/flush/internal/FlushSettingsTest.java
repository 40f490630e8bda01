package io.comet.flush.internal;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlushSettingsTest {

    /** A configuration as DS would build it from PID comet.flush. */
    private record Config(long syncFlushTimeout, int flushIntervalCommitLog, int flushCommitLogLeastPages,
                          int flushCommitLogThoroughInterval, boolean flushCommitLogTimed,
                          boolean wakeFlushWhenPutMessage) implements FlushConfig {
        @Override
        public String flushDiskType() {
            return "SYNC_FLUSH";
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return FlushConfig.class;
        }
    }

    @Test
    void defaultsAreRocketMqs() {
        FlushSettings d = FlushSettings.DEFAULTS;
        assertEquals(5000L, d.syncFlushTimeoutMs());
        assertEquals(500, d.flushIntervalMs());
        assertEquals(4, d.leastPages());
        assertEquals(10_000, d.thoroughIntervalMs());
        assertTrue(d.timed());
        assertFalse(d.wakeOnPut());
    }

    @Test
    void readsEveryKeyFromTheConfiguration() {
        FlushSettings s = FlushSettings.from(new Config(1234, 77, 9, 3000, false, true));
        assertEquals(new FlushSettings(1234, 77, 9, 3000, false, true), s);
        assertTrue(s.appendWakesFlusher());
    }

    @Test
    void appendsWakeTheFlusherOnlyWhenTheWaitIsNotTimed() {
        assertFalse(new FlushSettings(1, 1, 0, 0, true, true).appendWakesFlusher());
        assertFalse(new FlushSettings(1, 1, 0, 0, false, false).appendWakesFlusher());
    }

    @Test
    void invalidValuesNameTheKeyTheValueAndWhatIsValid() {
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> FlushSettings.from(new Config(0, 500, 4, 10_000, true, false)));
        assertEquals("comet.flush: syncFlushTimeout=0 is invalid, it must be an integer >= 1", timeout.getMessage());
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
                () -> new FlushSettings(5000, -5, 4, 10_000, true, false));
        assertTrue(interval.getMessage().contains("flushIntervalCommitLog=-5"), interval.getMessage());
        IllegalArgumentException pages = assertThrows(IllegalArgumentException.class,
                () -> new FlushSettings(5000, 500, -1, 10_000, true, false));
        assertTrue(pages.getMessage().contains("flushCommitLogLeastPages=-1"), pages.getMessage());
        IllegalArgumentException thorough = assertThrows(IllegalArgumentException.class,
                () -> new FlushSettings(5000, 500, 4, -1, true, false));
        assertTrue(thorough.getMessage().contains("flushCommitLogThoroughInterval=-1"), thorough.getMessage());
    }
}
