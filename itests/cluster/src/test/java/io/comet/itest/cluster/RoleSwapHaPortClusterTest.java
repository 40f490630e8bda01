package io.comet.itest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.itest.CometNode;
import io.comet.itest.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A master whose {@code haListenPort} cannot be bound does not linger until the launcher's 120 s readiness
 * timeout: the HA component stops the node through {@code NodeStopper}, exit status 1, with a reason naming the
 * address, the port and the key.
 */
@Timeout(150)
class RoleSwapHaPortClusterTest extends RoleSwapClusterTest {
    @Test
    void aTakenHaListenPortStopsTheBrokerWithExit1NamingThePortAndKey() throws Exception {
        int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int haPort = taken.getLocalPort();
            Path conf = brokerConf("broker-a", "broker-a.properties", port, haPort, Map.of());
            long started = System.nanoTime();
            try (CometNode broker = CometNode.start("broker", "mqbroker", work.resolve("a"),
                    List.of("-c", conf.toString()))) {
                int exit = broker.awaitExit(Duration.ofSeconds(110));
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                String output = broker.output();
                assertEquals(1, exit, output);
                assertTrue(output.contains("127.0.0.1:" + haPort + " (haListenPort)"), output);
                assertTrue(seconds < 45, "stopped after " + seconds + " s, not at the readiness timeout");
            }
        }
    }
}
