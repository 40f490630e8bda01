package io.comet.store.internal;

import io.comet.store.FlushPolicy;
import io.comet.store.FlushTarget;
import io.comet.store.PutStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Minimal flush policies for tests and the benchmark (the real ones live in the flush bundle); each can be attached again. */
public final class TestPolicies {
    private TestPolicies() {}

    /** ASYNC_FLUSH-like: acknowledges at once; flushes only on hand-over. */
    public static final class Immediate implements FlushPolicy {
        private volatile FlushTarget target;
        private volatile FlushPolicy successor;
        volatile int appended;

        @Override
        public void attach(FlushTarget t) {
            target = t;
            successor = null;
        }

        @Override
        public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
            FlushPolicy s = successor;
            if (s != null) {
                return s.onAppended(nextOffset, waitStoreOk);
            }
            appended++;
            return CompletableFuture.completedFuture(PutStatus.PUT_OK);
        }

        @Override
        public void handOver(FlushPolicy next) {
            if (next == null) {
                target.flush(0);
            }
            successor = next;
        }
    }

    /**
     * SYNC_FLUSH-like group commit: a thread forces the commit log and completes every waiter the force covers.
     * Futures are completed only after a real {@code flush(0)} reached their offset.
     */
    public static final class GroupCommit implements FlushPolicy {
        private final Object lock = new Object();
        private final ArrayDeque<Object[]> waiters = new ArrayDeque<>();
        private FlushTarget target;
        private FlushPolicy successor;
        private Thread thread;
        private volatile boolean running;
        private boolean forceAsked;
        volatile long forces;

        @Override
        public void attach(FlushTarget t) {
            synchronized (lock) {
                target = t;
                successor = null;
                running = true;
                thread = new Thread(this::loop, "test-group-commit");
                thread.setDaemon(true);
                thread.start();
            }
        }

        @Override
        public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
            FlushPolicy s;
            synchronized (lock) {
                s = successor;
                if (s == null) {
                    if (!waitStoreOk) {
                        forceAsked = true; // like the real group commit: no waiter, but a force all the same
                        lock.notifyAll();
                        return CompletableFuture.completedFuture(PutStatus.PUT_OK);
                    }
                    CompletableFuture<PutStatus> f = new CompletableFuture<>();
                    waiters.add(new Object[] {nextOffset, f});
                    lock.notifyAll();
                    return f;
                }
            }
            return s.onAppended(nextOffset, waitStoreOk);
        }

        @SuppressWarnings("unchecked")
        private void loop() {
            while (true) {
                List<Object[]> batch = new ArrayList<>();
                synchronized (lock) {
                    while (running && waiters.isEmpty() && !forceAsked) {
                        try {
                            lock.wait(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (!running && waiters.isEmpty()) {
                        return;
                    }
                    forceAsked = false;
                    batch.addAll(waiters);
                    waiters.clear();
                }
                long flushed = target.flush(0);
                forces++;
                for (Object[] w : batch) {
                    long off = (Long) w[0];
                    CompletableFuture<PutStatus> f = (CompletableFuture<PutStatus>) w[1];
                    if (off <= flushed) {
                        f.complete(PutStatus.PUT_OK);
                    } else {
                        synchronized (lock) {
                            waiters.addFirst(w);
                        }
                    }
                }
            }
        }

        @Override
        public void handOver(FlushPolicy next) {
            Thread t;
            synchronized (lock) {
                successor = next;
                running = false;
                lock.notifyAll();
                t = thread;
            }
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** ASYNC_FLUSH-like interval flush: acknowledges at once, a thread forces the commit log every period. */
    public static final class Interval implements FlushPolicy {
        private final long periodMs;
        private volatile FlushTarget target;
        private volatile FlushPolicy successor;
        private volatile boolean running;
        private Thread thread;

        public Interval(long periodMs) {
            this.periodMs = periodMs;
        }

        @Override
        public synchronized void attach(FlushTarget t) {
            target = t;
            successor = null;
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Thread.sleep(periodMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                    target.flush(0);
                }
            }, "test-interval-flush");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public CompletableFuture<PutStatus> onAppended(long nextOffset, boolean waitStoreOk) {
            FlushPolicy s = successor;
            return s != null ? s.onAppended(nextOffset, waitStoreOk) : CompletableFuture.completedFuture(PutStatus.PUT_OK);
        }

        @Override
        public synchronized void handOver(FlushPolicy next) {
            running = false;
            thread.interrupt();
            target.flush(0);
            successor = next;
        }
    }
}
