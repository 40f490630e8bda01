package io.comet.remoting.internal;

import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingConnectException;
import io.comet.remoting.RemotingTimeoutException;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests sent on one connection that still wait for their response, by opaque. Each entry ends exactly once:
 * with the response, with {@link RemotingTimeoutException} when its timer fires, or with
 * {@link RemotingConnectException} when the send fails or the connection closes. A response whose opaque is not
 * (or no longer) pending is logged and dropped.
 *
 * <p>Futures are completed on the thread that ends them: the I/O thread for responses, the timer thread for
 * timeouts. Dependent stages that block must use the {@code *Async} variants.
 */
final class PendingResponses {
    private static final Logger LOG = LoggerFactory.getLogger(PendingResponses.class);

    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Timer timer;
    private final Supplier<String> peer;

    PendingResponses(Timer timer, Supplier<String> peer) {
        this.timer = timer;
        this.peer = peer;
    }

    private static final class Pending {
        final CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        final int code;
        volatile Timeout timeout;

        Pending(int code) {
            this.code = code;
        }
    }

    /** Registers a request; the returned future fails with a timeout after {@code timeoutMillis}. */
    CompletableFuture<RemotingCommand> register(int opaque, int code, long timeoutMillis) {
        Pending p = new Pending(code);
        Pending previous = pending.put(opaque, p);
        if (previous != null) {
            fail(previous, new RemotingConnectException("opaque " + opaque + " was reused before its response arrived"));
        }
        try {
            p.timeout = timer.newTimeout(t -> expire(opaque, p, timeoutMillis), Math.max(1, timeoutMillis),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // timer stopped: the endpoint is closing
            fail(opaque, new RemotingConnectException("connection to " + peer.get() + " is closing", e));
        }
        return p.future;
    }

    /** Completes the request the response answers; false if nothing waited for it. */
    boolean complete(RemotingCommand response) {
        Pending p = pending.remove(response.opaque());
        if (p == null) {
            LOG.debug("Dropping response with unknown opaque {} (code {}) from {}, late or never requested",
                    response.opaque(), response.code(), peer.get());
            return false;
        }
        cancelTimer(p);
        p.future.complete(response);
        return true;
    }

    /** Fails one request, e.g. because its send failed. */
    void fail(int opaque, Throwable cause) {
        Pending p = pending.remove(opaque);
        if (p != null) {
            fail(p, cause);
        }
    }

    /** Fails every waiting request, e.g. because the connection closed. */
    void failAll(Throwable cause) {
        for (Integer opaque : pending.keySet()) {
            fail(opaque, cause);
        }
    }

    int size() {
        return pending.size();
    }

    private void expire(int opaque, Pending p, long timeoutMillis) {
        if (pending.remove(opaque, p)) {
            p.future.completeExceptionally(new RemotingTimeoutException("no response from " + peer.get() + " to request code "
                    + p.code + " (opaque " + opaque + ") within " + timeoutMillis + " ms"));
        }
    }

    private static void fail(Pending p, Throwable cause) {
        cancelTimer(p);
        p.future.completeExceptionally(cause);
    }

    private static void cancelTimer(Pending p) {
        Timeout t = p.timeout;
        if (t != null) {
            t.cancel();
        }
    }
}
