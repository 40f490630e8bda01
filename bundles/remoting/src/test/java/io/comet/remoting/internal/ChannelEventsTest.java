package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.RemotingChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The listener queue is bounded: events beyond it are dropped and counted, the queued ones still delivered. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChannelEventsTest {
    @Test
    void eventsBeyondTheQueueCapacityAreDroppedAndCounted() throws Exception {
        ChannelEvents events = new ChannelEvents("bounded", 3);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger closes = new AtomicInteger();
        events.add(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                started.countDown();
                try {
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                closes.incrementAndGet();
            }
        });
        try {
            events.closed(null);
            assertTrue(started.await(10, TimeUnit.SECONDS), "the first event is being delivered");
            for (int i = 0; i < 5; i++) {
                events.closed(null); // 3 wait, 2 are dropped
            }
            assertEquals(2, events.dropped());
            release.countDown();
        } finally {
            events.shutdown(10_000);
        }
        assertEquals(4, closes.get(), "the running event and the 3 queued ones were delivered");
    }
}
