package io.comet.namesrv.internal.route;

import io.comet.remoting.RemotingChannel;
import java.util.Objects;

/** Compares connections as seen by processors and channel listeners. */
final class Channels {
    private Channels() {}

    /**
     * Two handles denote the same TCP connection when they are the same object, equal, or share both endpoints
     * (a transport may hand out a fresh wrapper per event).
     */
    static boolean same(RemotingChannel a, RemotingChannel b) {
        if (a == null || b == null) {
            return false;
        }
        if (a == b || a.equals(b)) {
            return true;
        }
        try {
            return Objects.equals(a.remoteAddress(), b.remoteAddress()) && a.remoteAddress() != null
                    && Objects.equals(a.localAddress(), b.localAddress());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
