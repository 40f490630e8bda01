package io.comet.bench.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1. A broker binds more than its {@code listenPort}: RocketMQ's convention is
 * {@code listenPort - 2} (the "fast"/VIP channel) and {@code listenPort + 1} (HA), so {@link #brokerPort()} finds a
 * port whose neighbours from -2 to +2 are free as well. Ports handed out once are never handed out again by the
 * same instance, so nodes started one after the other cannot collide.
 */
public final class PortBlock {
    private static final int LOW = 20_000;
    private static final int HIGH = 60_000;
    private final Set<Integer> given = new HashSet<>();

    /** A port free right now with its neighbours {@code -2..+2}. */
    public synchronized int brokerPort() {
        return find(2);
    }

    /** A single free port. */
    public synchronized int port() {
        return find(0);
    }

    private int find(int margin) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(LOW + margin, HIGH - margin);
            if (allFree(p - margin, p + margin)) {
                for (int q = p - margin; q <= p + margin; q++) {
                    given.add(q);
                }
                return p;
            }
        }
        throw new IllegalStateException("no free block of " + (2 * margin + 1) + " ports on 127.0.0.1 in "
                + LOW + ".." + HIGH + " after 500 attempts");
    }

    private boolean allFree(int from, int to) {
        for (int q = from; q <= to; q++) {
            if (given.contains(q) || !bindable(q)) {
                return false;
            }
        }
        return true;
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
