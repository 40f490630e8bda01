package io.comet.flush.internal;

import java.util.concurrent.TimeUnit;

/**
 * The SYNC_FLUSH disk thread: runs {@code flush(0)} whenever asked, then tells the {@link GroupCommitter}. Requests
 * that arrive while a force runs merge into one more force after it: that is the group commit. Kept apart from the
 * coordinator so waiters still time out while a force hangs on a dead disk.
 */
final class ForceWorker {
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final FlushCall flushCall;
    private final Runnable afterForce;
    private final Wakeup wakeup = new Wakeup();
    private final Thread thread;
    private volatile boolean forcing;
    private volatile boolean stopping;

    ForceWorker(FlushCall flushCall, Runnable afterForce, String threadName) {
        this.flushCall = flushCall;
        this.afterForce = afterForce;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        wakeup.bindOwner(thread);
    }

    void start() {
        thread.start();
    }

    /** Asks for a force; never blocks. */
    void requestForce() {
        wakeup.signal();
    }

    /** True when no force runs and none is asked for. */
    boolean idle() {
        return !forcing && !wakeup.isPending();
    }

    boolean ownsThread(Thread t) {
        return t == thread;
    }

    /** Lets the thread end after its current force (a hung force keeps it until the disk answers). */
    void stop() {
        stopping = true;
        wakeup.signal();
    }

    /** Waits up to {@code millis} for the thread to end. */
    boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    private void run() {
        while (!stopping) {
            if (!wakeup.await(IDLE_NANOS) || stopping) {
                continue;
            }
            forcing = true;
            try {
                flushCall.flush(0);
            } finally {
                forcing = false;
            }
            afterForce.run();
        }
    }
}
