package io.comet.ha;

import io.comet.store.PutStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Says when an append is replicated as the broker's role promises. The send path calls it once per stored append
 * (single message or batch) with the commit-log offset just past it, and combines the answer with the flush
 * answer: a non-OK status from either replaces PUT_OK. Never blocks the caller; futures never complete
 * exceptionally.
 *
 * <ul>
 * <li>ASYNC_MASTER: PUT_OK at once (the append is also a hint that there is data to stream).</li>
 * <li>SYNC_MASTER: PUT_OK once the required number of slaves acknowledged {@code nextOffset} (acks are
 *     pipelined: one ack completes every waiter it covers, in offset order); FLUSH_SLAVE_TIMEOUT after
 *     {@code slaveTimeout}; SLAVE_NOT_AVAILABLE at once when fewer in-sync slaves than required are connected
 *     (in sync = connected and behind by at most {@code haSlaveFallbehindMax} bytes).</li>
 * <li>SLAVE: SLAVE_NOT_AVAILABLE (a slave should not have stored anything; the broker refuses writes first).</li>
 * </ul>
 * Role changes complete waiters as {@link HaService#changeRole} documents.
 */
public interface ReplicationGate {
    /** Waits (without blocking) until bytes below {@code nextOffset} are replicated as the role requires. */
    CompletableFuture<PutStatus> awaitReplicated(long nextOffset);
}
