package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PidFileTest {

    @TempDir
    Path tmp;

    private final long self = ProcessHandle.current().pid();

    @Test
    void holdsThePidAndIsRemovedAtStop() throws Exception {
        Path f = tmp.resolve("run/namesrv-9876.pid");
        PidFile pid = PidFile.create(f, self);
        assertEquals(self + "\n", Files.readString(f));
        pid.remove();
        assertFalse(Files.exists(f));
    }

    @Test
    void aLiveOwnerRefusesASecondNodeOfTheSameName() throws Exception {
        long other = ProcessHandle.current().parent().orElseThrow().pid();
        Path f = tmp.resolve("namesrv-9876.pid");
        Files.writeString(f, other + "\n");
        String msg = assertThrows(LaunchException.class, () -> PidFile.create(f, self)).getMessage();
        assertTrue(msg.contains("namesrv-9876 is already running (pid " + other), msg);
        assertEquals(other + "\n", Files.readString(f), "the owner's file is untouched");
    }

    @Test
    void aStaleFileIsReplaced() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path f = tmp.resolve("broker-10911.pid");
        Files.writeString(f, gone.pid() + "\n");
        PidFile.create(f, self);
        assertEquals(self + "\n", Files.readString(f));
    }

    @Test
    void removeLeavesAFileTakenOverByAnotherNode() throws Exception {
        Path f = tmp.resolve("namesrv-9876.pid");
        PidFile pid = PidFile.create(f, self);
        Files.writeString(f, "12345\n");
        pid.remove();
        assertEquals("12345\n", Files.readString(f));
    }
}
