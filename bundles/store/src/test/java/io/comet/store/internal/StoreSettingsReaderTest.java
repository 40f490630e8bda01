package io.comet.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.store.StoreSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSettingsReaderTest {
    @Test
    void defaultsAreRocketMqs() {
        StoreSettings s = StoreSettingsReader.read(Map.of());
        assertEquals(Path.of(System.getProperty("user.home"), "store"), s.storePathRootDir());
        assertEquals(s.storePathRootDir().resolve("commitlog"), s.storePathCommitLog());
        assertEquals(1 << 30, s.mappedFileSizeCommitLog());
        assertEquals(6_000_000, s.mappedFileSizeConsumeQueue());
        assertEquals(72, s.fileReservedTime());
        assertEquals("04", s.deleteWhen());
        assertEquals(75, s.diskMaxUsedSpaceRatio());
        assertEquals(StoreSettings.ASYNC_FLUSH, s.flushDiskType());
        assertEquals(5_000_000, s.maxHashSlotNum());
        assertTrue(s.checkCRCOnRecover());
    }

    @Test
    void stringValuesFromAPropertiesFileAreParsed() {
        StoreSettings s = StoreSettingsReader.read(Map.of("storePathRootDir", "${java.io.tmpdir}/x", "mappedFileSizeCommitLog",
                "65536", "flushDiskType", "SYNC_FLUSH", "messageIndexEnable", "false", "deleteWhen", "04;16"));
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "x"), s.storePathRootDir());
        assertEquals(65536, s.mappedFileSizeCommitLog());
        assertEquals(StoreSettings.SYNC_FLUSH, s.flushDiskType());
        assertEquals(false, s.messageIndexEnable());
    }

    @Test
    void badValuesAreRefusedNamingKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreSettingsReader.read(Map.of("mappedFileSizeCommitLog", "big")));
        assertTrue(e.getMessage().contains("mappedFileSizeCommitLog=big"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoreSettingsReader.read(Map.of("flushDiskType", "SOMETIMES")));
        assertTrue(e.getMessage().contains("SOMETIMES"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoreSettingsReader.read(Map.of("deleteWhen", "04;25")));
        assertTrue(e.getMessage().contains("25"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoreSettingsReader.read(Map.of("checkCRCOnRecover", "yes")));
        assertTrue(e.getMessage().contains("checkCRCOnRecover"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoreSettingsReader.read(Map.of("storePathRootDir", "${no.such.prop}/s")));
        assertTrue(e.getMessage().contains("no.such.prop"), e.getMessage());
    }
}
