package io.comet.ha.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.ha.internal.EpochHistory.Epoch;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochHistoryTest {
    private static final Epoch E1 = new Epoch(1, 0);

    @Test
    void aLaggingSlaveOfTheSameMasterKeepsEverything() {
        assertEquals(500, EpochHistory.truncationPoint(List.of(E1), 500, List.of(E1), 900));
    }

    @Test
    void anOldMasterIsCutWhereTheNewMastersEpochBegan() {
        List<Epoch> newMaster = List.of(E1, new Epoch(2, 600));
        assertEquals(600, EpochHistory.truncationPoint(List.of(E1), 800, newMaster, 2000),
                "bytes 600..800 were written by the old master after the new one stopped copying");
        assertEquals(550, EpochHistory.truncationPoint(List.of(E1), 550, newMaster, 2000),
                "an old master that had less than the new one keeps all it has");
    }

    @Test
    void aSlaveAheadOfItsMasterInTheSameEpochIsCutToTheMastersEnd() {
        assertEquals(300, EpochHistory.truncationPoint(List.of(E1), 800, List.of(E1), 300));
    }

    @Test
    void theLastCommonEpochDecidesAfterSeveralHandOvers() {
        List<Epoch> slave = List.of(E1, new Epoch(2, 100), new Epoch(3, 400));
        List<Epoch> master = List.of(E1, new Epoch(2, 100), new Epoch(4, 350));
        assertEquals(350, EpochHistory.truncationPoint(slave, 900, master, 1200));
        List<Epoch> sameNumberOtherStart = List.of(E1, new Epoch(2, 150));
        assertEquals(100, EpochHistory.truncationPoint(List.of(E1, new Epoch(2, 100)), 900, sameNumberOtherStart, 1200),
                "an epoch is the same only with the same number and start");
    }

    @Test
    void noHistoryOnEitherSideComparesOffsetsOnly() {
        assertEquals(70, EpochHistory.truncationPoint(List.of(), 70, List.of(), 90));
        assertEquals(40, EpochHistory.truncationPoint(List.of(), 70, List.of(new Epoch(5, 40)), 90));
    }

    @Test
    void theFileRoundTripsAndBadContentIsRefusedNamingTheLine() {
        List<Epoch> list = List.of(E1, new Epoch(2, 4096), new Epoch(7, 4096));
        assertEquals("1 0\n2 4096\n7 4096\n", EpochHistory.format(list));
        assertEquals(list, EpochHistory.parse(EpochHistory.format(list)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EpochHistory.parse("1 0\n2 x\n"));
        assertTrue(e.getMessage().contains("line 2 '2 x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EpochHistory.parse("2 100\n1 200\n"));
        assertTrue(e.getMessage().contains("epochs must increase"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EpochHistory.parse("1 100\n2 50\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aNewEpochDropsAdoptedEpochsBeyondTheLogEndButNeverReusesANumber() {
        EpochHistory h = EpochHistory.load(null);
        h.adopt(List.of(E1, new Epoch(2, 1000)));
        Epoch e = h.startEpoch(700);
        assertEquals(new Epoch(3, 700), e);
        assertEquals(List.of(E1, new Epoch(3, 700)), h.epochs());
    }
}
