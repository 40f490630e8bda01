package io.comet.store.internal;

import io.comet.common.MessageCodec;
import io.comet.store.MessageArrivingListener;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatch ("reput"): one thread that reads the commit log from {@link #reputFrom()} up to the confirm offset and,
 * for every whole entry, writes its consume-queue unit, indexes its keys and tells the arriving listeners. An
 * end-of-file filler moves on to the next file; an entry running past the confirm offset (raw replication bytes
 * ending mid-entry) waits for more; a corrupt entry stops dispatch there (logged once) rather than serving it.
 * Appends wake the thread; otherwise it polls every millisecond. Right after dispatching something it does not
 * ask to be woken but looks again after {@value #LINGER_NANOS} ns: under a steady stream of appends that saves
 * the unpark system call on the append path and a park/unpark cycle per message, for at most that much delay.
 */
final class ReputService {
    private static final Logger LOG = LoggerFactory.getLogger(ReputService.class);
    /** How long the thread waits, not wakeable, after a dispatch that found entries. */
    static final long LINGER_NANOS = 100_000;

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final LongSupplier confirmOffset;
    private final CopyOnWriteArrayList<MessageArrivingListener> listeners = new CopyOnWriteArrayList<>();
    private final Object dispatchLock = new Object();
    private volatile long reputFrom;
    private volatile long lastStoreTimestamp;
    private volatile boolean running;
    /** Set while the thread is about to park or parked; the first append after that takes it and unparks. */
    private final AtomicBoolean parked = new AtomicBoolean();
    private volatile Thread thread;
    private long reportedCorruptAt = -1;

    /** @param index null when message indexing is off */
    ReputService(CommitLog log, ConsumeQueueTable queues, IndexService index, LongSupplier confirmOffset) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.confirmOffset = confirmOffset;
    }

    /** Waits until dispatch has reached {@code target} (re-read while waiting); false on timeout. */
    boolean awaitReached(java.util.function.LongSupplier target, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (reputFrom() < target.getAsLong()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    long reputFrom() { return reputFrom; }

    /** Store time of the last dispatched message. */
    long lastStoreTimestamp() { return lastStoreTimestamp; }

    void reputFrom(long offset) {
        synchronized (dispatchLock) {
            reputFrom = offset;
        }
    }

    /** Lock that stops dispatch while held (truncation). */
    Object dispatchLock() { return dispatchLock; }

    void addListener(MessageArrivingListener l) { listeners.add(l); }

    void removeListener(MessageArrivingListener l) { listeners.remove(l); }

    /** Dispatches what is available now; returns the number of entries dispatched. */
    int dispatchAvailable() {
        synchronized (dispatchLock) {
            int n = 0;
            long end = confirmOffset.getAsLong();
            while (reputFrom < end) {
                MappedFile f = log.files().find(reputFrom);
                if (f == null) {
                    long min = log.minOffset();
                    if (reputFrom < min) {
                        reputFrom = min;
                        continue;
                    }
                    break;
                }
                if (!f.acquire()) {
                    break;
                }
                try {
                    int pos = (int) (reputFrom - f.fromOffset());
                    int limit = (int) Math.min(f.wrotePosition(), end - f.fromOffset());
                    boolean stop = false;
                    while (pos < limit) {
                        long phys = f.fromOffset() + pos;
                        int r = MessageCodec.check(f.buffer(), pos, limit, phys, false);
                        if (r > 0) {
                            dispatch(DispatchRequest.parse(f.buffer(), pos, r));
                            pos += r;
                            reputFrom = f.fromOffset() + pos;
                            n++;
                        } else if (r == MessageCodec.CHECK_BLANK) {
                            reputFrom = f.fromOffset() + f.size();
                            break;
                        } else {
                            if (r == MessageCodec.CHECK_CORRUPT && reportedCorruptAt != phys) {
                                reportedCorruptAt = phys;
                                LOG.error("dispatch stopped: corrupt commit-log entry at offset {}", phys);
                            }
                            stop = true;
                            break;
                        }
                    }
                    if (stop || (pos >= limit && reputFrom < f.fromOffset() + f.size() && limit < f.size())) {
                        break;
                    }
                } finally {
                    f.release();
                }
            }
            return n;
        }
    }

    private void dispatch(DispatchRequest r) {
        if (r.consumable()) {
            ConsumeQueue cq = queues.findOrCreate(r.topic(), r.queueId());
            if (cq.put(r.physicalOffset(), r.size(), r.tagsCode(), r.queueOffset())) {
                for (MessageArrivingListener l : listeners) {
                    try {
                        l.arriving(r.topic(), r.queueId(), r.queueOffset(), r.tagsCode(), r.storeTimestamp());
                    } catch (RuntimeException e) {
                        LOG.warn("message arriving listener {} failed", l, e);
                    }
                }
            }
        }
        if (index != null) {
            index.put(r);
        }
        lastStoreTimestamp = r.storeTimestamp();
    }

    /** Dispatches until the confirm offset is reached or nothing more can be dispatched. */
    void dispatchFully() {
        while (dispatchAvailable() > 0) {
            // keep going
        }
    }

    void start() {
        running = true;
        Thread t = new Thread(this::loop, "comet-store-dispatch");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        boolean busy = false;
        while (running) {
            try {
                if (dispatchAvailable() > 0) {
                    busy = true;
                } else if (busy) {
                    // a stream of appends: poll once more shortly instead of being unparked by the next append
                    busy = false;
                    LockSupport.parkNanos(this, LINGER_NANOS);
                } else {
                    parked.set(true);
                    if (reputFrom >= confirmOffset.getAsLong() && running) {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    parked.set(false);
                }
            } catch (RuntimeException e) {
                LOG.error("dispatch failed at offset {}", reputFrom, e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /**
     * Called after an append: wakes the thread if it waits. Only the first append after the thread parked pays
     * for the unpark (a system call); the others see the flag already taken.
     */
    void wakeup() {
        if (parked.get() && parked.compareAndSet(true, false)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Stops the thread (after a last dispatch of what is there). */
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        dispatchFully();
    }
}
