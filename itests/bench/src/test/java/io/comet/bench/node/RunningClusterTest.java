package io.comet.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RunningClusterTest {
    private final ClusterSpec spec = ClusterSpec.single("ASYNC_FLUSH", 8, "256m", Duration.ofSeconds(20));

    @Test
    void missingCometBrokerIsReportedAsNotAvailableAndTheNameServerIsStopped(@TempDir Path tmp) throws Exception {
        Path dist = FakeDistribution.create(tmp.resolve("dist"), FakeDistribution.BROKER_NOT_BUILT);
        NodeLauncher comet = new CometLauncher(dist).checked();
        AtomicLong namesrvBoot = new AtomicLong(-1);
        Reaper reaper = new Reaper();

        SystemUnavailableException e = assertThrows(SystemUnavailableException.class, () -> RunningCluster.start(
                comet, spec, tmp.resolve("run"), new PortBlock(), reaper, namesrvBoot::set));

        assertEquals("Comet broker not available in this build", e.getMessage());
        assertTrue(namesrvBoot.get() >= 300, "NameServer boot time measured from spawn: " + namesrvBoot.get());
        long pid = Long.parseLong(Files.readString(tmp.resolve("run/namesrv/run/namesrv.pid")).trim());
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "NameServer stopped");
        reaper.cleanUp();
    }

    @Test
    void anyOtherBrokerFailureIsReportedWithItsOutput(@TempDir Path tmp) throws Exception {
        Path dist = FakeDistribution.create(tmp.resolve("dist"),
                "echo \"comet.broker: unknown key 'fooBar' in $2\" >&2\nexit 3\n");
        SystemUnavailableException e = assertThrows(SystemUnavailableException.class, () -> RunningCluster.start(
                new CometLauncher(dist), spec, tmp.resolve("run"), new PortBlock(), new Reaper()));
        assertTrue(e.getMessage().startsWith("Comet broker failed to start: broker exited with status 3"),
                e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'fooBar' in " + tmp.resolve("run/master/broker.conf")),
                e.getMessage());
    }

    @Test
    void aBrokerThatBootsGivesTheClusterItsAddressAndBootTimes(@TempDir Path tmp) throws Exception {
        Path dist = FakeDistribution.create(tmp.resolve("dist"), """
                mkdir -p "$ROCKETMQ_LOG_DIR"
                echo "$@" > args.txt
                echo "The broker[broker-a, 127.0.0.1:1] boot success. serializeType=JSON" >> "$ROCKETMQ_LOG_DIR/broker.log"
                exec sleep 60
                """);
        try (RunningCluster c = RunningCluster.start(new CometLauncher(dist), spec, tmp.resolve("run"),
                new PortBlock(), new Reaper())) {
            assertTrue(c.namesrvAddr().startsWith("127.0.0.1:"));
            assertTrue(c.namesrvBootMillis() >= 300);
            assertTrue(c.masterBootMillis() >= 0);
            String args = Files.readString(tmp.resolve("run/master/args.txt")).trim();
            assertEquals("-c " + tmp.resolve("run/master/broker.conf") + " -n " + c.namesrvAddr(), args);
            assertTrue(ProcessHandle.of(c.masterPid()).orElseThrow().isAlive());
        }
    }

    @Test
    void noDistributionIsAClearError(@TempDir Path tmp) {
        SystemUnavailableException e = assertThrows(SystemUnavailableException.class,
                () -> new CometLauncher(tmp).checked());
        assertTrue(e.getMessage().contains("no Comet distribution at " + tmp), e.getMessage());
    }
}
