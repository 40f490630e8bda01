package io.comet.bench.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortBlockTest {
    @Test
    void brokerPortsComeWithFreeNeighboursAndNeverOverlap() throws IOException {
        PortBlock ports = new PortBlock();
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            int p = ports.brokerPort();
            for (int q = p - 2; q <= p + 2; q++) {
                assertTrue(used.add(q), "port " + q + " handed out twice");
                try (ServerSocket s = new ServerSocket(q, 1, InetAddress.getLoopbackAddress())) {
                    assertTrue(s.getLocalPort() == q);
                }
            }
        }
        assertTrue(used.add(ports.port()));
    }
}
