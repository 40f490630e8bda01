package io.comet.broker.internal.consume.pull;

import io.comet.store.MessageArrivingListener;
import io.comet.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks pulls that found nothing new and resumes them when a wanted message arrives or their hold time ends.
 *
 * <p>Bookkeeping is per queue: topic to queue id to the list of held pulls, so an arrival looks at the pulls of
 * its own queue only (two map lookups and nothing else when none wait). The store's dispatch thread calls
 * {@link #arriving}; it only decides and hands the re-run to the pull's connection I/O thread when the pull names
 * one (saving a thread hop on the way to the consumer), else to a small executor. A timer fires each pull's deadline.
 * Right after parking, the queue's end is read again so a message dispatched between the read and the parking is
 * not missed.
 */
public final class LongPollingService implements MessageArrivingListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LongPollingService.class);

    private final MessageStore store;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, List<HeldPull>>> held = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService runner;
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean closed;

    public LongPollingService(MessageStore store, int threads) {
        this.store = store;
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("comet-pull-hold-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.runner = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("comet-pull-resume"));
    }

    /**
     * Parks a pull for at most {@code holdMillis}. {@code rerun} runs exactly once: on a wanted arrival, at the
     * deadline, or at {@link #close()}.
     */
    void hold(HeldPull pull, long holdMillis) {
        if (closed) {
            resume(pull);
            return;
        }
        List<HeldPull> list = held.computeIfAbsent(pull.topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(pull.queueId, q -> new ArrayList<>());
        synchronized (list) {
            list.add(pull);
        }
        count.incrementAndGet();
        try {
            pull.timeout = timer.schedule(() -> resume(pull), Math.max(0, holdMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            resume(pull);
            return;
        }
        if (store.maxOffsetInQueue(pull.topic, pull.queueId) > pull.offset) {
            resume(pull);
        }
    }

    @Override
    public void arriving(String topic, int queueId, long logicOffset, long tagsCode, long storeTimestamp) {
        ConcurrentHashMap<Integer, List<HeldPull>> queues = held.get(topic);
        if (queues == null) {
            return;
        }
        List<HeldPull> list = queues.get(queueId);
        if (list == null) {
            return;
        }
        List<HeldPull> wake = null;
        synchronized (list) {
            if (list.isEmpty()) {
                return;
            }
            for (HeldPull p : list) {
                if (p.wantedBy(logicOffset, tagsCode)) {
                    if (wake == null) {
                        wake = new ArrayList<>(2);
                    }
                    wake.add(p);
                }
            }
        }
        if (wake != null) {
            for (HeldPull p : wake) {
                resume(p);
            }
        }
    }

    /** Number of pulls parked now. */
    public int heldCount() {
        return count.get();
    }

    private void resume(HeldPull pull) {
        if (!pull.claim()) {
            return;
        }
        if (pull.timeout != null) {
            pull.timeout.cancel(false);
        }
        ConcurrentHashMap<Integer, List<HeldPull>> queues = held.get(pull.topic);
        List<HeldPull> list = queues == null ? null : queues.get(pull.queueId);
        if (list != null) {
            boolean removed;
            synchronized (list) {
                removed = list.remove(pull);
            }
            if (removed) {
                count.decrementAndGet();
            }
        }
        if (pull.executor != null) {
            try {
                pull.executor.execute(() -> run(pull));
                return;
            } catch (RejectedExecutionException e) {
                // its connection's I/O thread is stopping: use ours
            }
        }
        try {
            runner.execute(() -> run(pull));
        } catch (RejectedExecutionException e) {
            run(pull);
        }
    }

    private static void run(HeldPull pull) {
        try {
            pull.rerun.run();
        } catch (RuntimeException e) {
            LOG.warn("resuming a held pull of {}:{} failed", pull.topic, pull.queueId, e);
        }
    }

    /** Answers every parked pull now and stops the threads. */
    @Override
    public void close() {
        closed = true;
        for (ConcurrentHashMap<Integer, List<HeldPull>> queues : held.values()) {
            for (List<HeldPull> list : queues.values()) {
                List<HeldPull> copy;
                synchronized (list) {
                    copy = new ArrayList<>(list);
                }
                for (HeldPull p : copy) {
                    if (p.claim()) {
                        run(p);
                    }
                }
            }
        }
        held.clear();
        timer.shutdownNow();
        runner.shutdown();
        try {
            if (!runner.awaitTermination(5, TimeUnit.SECONDS)) {
                runner.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runner.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
