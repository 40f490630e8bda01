package io.comet.broker.internal.consume.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.comet.broker.internal.consume.MessageQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Orderly locks: one owner per queue and group, 60 s lifetime unless renewed (fake clock). */
class QueueLockTableTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final QueueLockTable locks = new QueueLockTable(clock::get, 60_000);
    private final MessageQueue q0 = new MessageQueue("b", 0, "T");
    private final MessageQueue q1 = new MessageQueue("b", 1, "T");

    @Test
    void aLockedQueueIsRefusedToOthersUntilItExpires() {
        assertEquals(Set.of(q0, q1), locks.tryLock("g", "c1", Set.of(q0, q1)));
        assertEquals(Set.of(), locks.tryLock("g", "c2", Set.of(q0, q1)));
        assertEquals(Set.of(q0), locks.tryLock("other-group", "c2", Set.of(q0)), "groups lock independently");
        clock.addAndGet(60_000);
        assertEquals(Set.of(), locks.tryLock("g", "c2", Set.of(q0)), "exactly 60 s old is still held");
        clock.addAndGet(1);
        assertEquals(Set.of(q0), locks.tryLock("g", "c2", Set.of(q0)), "older than 60 s is free");
        assertEquals("c2", locks.owner("g", q0));
    }

    @Test
    void lockingAgainRenews() {
        locks.tryLock("g", "c1", Set.of(q0));
        clock.addAndGet(50_000);
        assertEquals(Set.of(q0), locks.tryLock("g", "c1", Set.of(q0)));
        clock.addAndGet(50_000);
        assertEquals(Set.of(), locks.tryLock("g", "c2", Set.of(q0)), "renewed 50 s ago: still c1's");
        assertEquals("c1", locks.owner("g", q0));
        clock.addAndGet(20_000);
        assertNull(locks.owner("g", q0));
    }

    @Test
    void onlyTheOwnerUnlocks() {
        locks.tryLock("g", "c1", Set.of(q0, q1));
        locks.unlock("g", "c2", Set.of(q0));
        assertEquals("c1", locks.owner("g", q0));
        locks.unlock("g", "c1", Set.of(q0));
        assertNull(locks.owner("g", q0));
        assertEquals(Set.of(q0), locks.tryLock("g", "c2", Set.of(q0, q1)), "q1 is still c1's");
    }
}
