package io.comet.broker.internal.consume.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.store.MessageStore;
import io.comet.store.TagFilter;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A held pull that names its connection's executor is resumed there (no hop through the service's own threads),
 * once; one whose executor refuses (a stopping event loop) still runs, on the service's threads.
 */
@Timeout(30)
class LongPollingResumeTest {
    /** A store whose queues are all empty (the only call long polling makes). */
    private static final MessageStore EMPTY = (MessageStore) Proxy.newProxyInstance(
            MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class},
            (proxy, method, args) -> method.getReturnType() == long.class ? 0L : null);

    @Test
    void anArrivalResumesThePullOnItsConnectionsExecutorOnce() throws Exception {
        List<String> ranOn = new CopyOnWriteArrayList<>();
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        Executor connection = queued::add;
        try (LongPollingService service = new LongPollingService(EMPTY, 2)) {
            service.hold(new HeldPull("T", 0, 5, TagFilter.ALL, () -> ranOn.add(Thread.currentThread().getName()),
                    connection), 20_000);
            service.arriving("T", 0, 5, 0, 0);
            service.arriving("T", 0, 6, 0, 0);
            assertEquals(1, queued.size(), "handed to the connection's executor once");
            assertEquals(0, service.heldCount());
            queued.get(0).run();
            assertEquals(List.of(Thread.currentThread().getName()), ranOn);
        }
    }

    @Test
    void aRefusingExecutorFallsBackToTheServiceThreads() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        List<String> ranOn = new CopyOnWriteArrayList<>();
        Executor stopping = r -> {
            throw new RejectedExecutionException("event loop shutting down");
        };
        try (LongPollingService service = new LongPollingService(EMPTY, 1)) {
            service.hold(new HeldPull("T", 0, 5, TagFilter.ALL, () -> {
                ranOn.add(Thread.currentThread().getName());
                ran.countDown();
            }, stopping), 20_000);
            service.arriving("T", 0, 5, 0, 0);
            assertTrue(ran.await(5, TimeUnit.SECONDS), "the pull was resumed anyway");
            assertTrue(ranOn.get(0).startsWith("comet-pull-resume"), ranOn.toString());
        }
    }
}
