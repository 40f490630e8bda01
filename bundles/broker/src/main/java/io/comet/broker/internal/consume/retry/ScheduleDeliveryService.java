package io.comet.broker.internal.consume.retry;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.DelayLevels;
import io.comet.broker.internal.message.PropertyEditor;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.common.StoredMessage;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.MessageStore;
import io.comet.store.PutResult;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers delayed messages when they are due. Level {@code L} waits in queue {@code L - 1} of
 * {@code SCHEDULE_TOPIC_XXXX} (see {@link ScheduleParking}); its progress is the queue offset of the next message
 * to deliver, kept in {@link DelayOffsetTable} and saved after every delivered batch, so a restart neither loses
 * nor (beyond the last unsaved batch) repeats deliveries.
 *
 * <p>Due time of a parked message: its absolute 5.x delivery time ({@code TIMER_DELIVER_MS} or
 * {@code __STARTDELIVERTIME}) when it has one, its store time plus {@code TIMER_DELAY_SEC}/{@code TIMER_DELAY_MS}
 * when it has those, else its store time in the schedule queue plus the level's delay. A message is re-stored to
 * {@code REAL_TOPIC}/{@code REAL_QID} without {@code DELAY} only once the clock has reached its due time, never
 * earlier; messages of a level leave in queue order, so one due later holds back those behind it (they can only
 * be late, not early). Each level is checked every {@value #IDLE_MILLIS} ms while idle, and at its next due time
 * while one is waiting. A SLAVE delivers nothing (its progress comes from the master's, see the slave sync).
 */
public final class ScheduleDeliveryService implements AutoCloseable {
    static final long IDLE_MILLIS = 100;
    static final int BATCH = 64;
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleDeliveryService.class);

    private final BrokerContext ctx;
    private final DelayOffsetTable offsets;
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    public ScheduleDeliveryService(BrokerContext ctx, DelayOffsetTable offsets) {
        this.ctx = ctx;
        this.offsets = offsets;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "comet-schedule-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts one delivery loop per level. */
    public void start() {
        DelayLevels levels = ctx.settings().delayLevels();
        for (int level = 1; level <= levels.count(); level++) {
            int l = level;
            timer.schedule(() -> runLevel(l), 0, TimeUnit.MILLISECONDS);
        }
    }

    private void runLevel(int level) {
        if (closed) {
            return;
        }
        long wait;
        try {
            wait = deliverDue(level);
        } catch (RuntimeException e) {
            LOG.warn("delivering delay level {} failed, retrying", level, e);
            wait = 1000;
        }
        if (!closed) {
            timer.schedule(() -> runLevel(level), Math.max(1, Math.min(wait, IDLE_MILLIS)), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Delivers the due messages at the head of {@code level}'s queue (at most one batch); returns how long to wait
     * before looking again.
     */
    synchronized long deliverDue(int level) {
        DelayLevels levels = ctx.settings().delayLevels();
        if (level > levels.count() || ctx.replication().refusesWrites()) {
            return IDLE_MILLIS; // a SLAVE writes nothing of its own: its master delivers, and it copies
        }
        MessageStore store = ctx.store();
        int queueId = level - 1;
        long next = offsets.get(level);
        long min = store.minOffsetInQueue(TopicNames.SCHEDULE_TOPIC, queueId);
        if (next < min) {
            next = min;
        }
        long delivered = 0;
        long wait = IDLE_MILLIS;
        try (GetResult r = store.getMessages(null, TopicNames.SCHEDULE_TOPIC, queueId, next, BATCH,
                Integer.MAX_VALUE, TagFilter.ALL)) {
            if (r.status() != GetStatus.FOUND) {
                if (r.status() == GetStatus.OFFSET_TOO_SMALL || r.status() == GetStatus.OFFSET_FOUND_NULL
                        || r.status() == GetStatus.NO_MATCHED_MESSAGE) {
                    next = r.nextBeginOffset();
                    offsets.set(level, next);
                }
                return IDLE_MILLIS;
            }
            for (StoredSlice s : r.messages()) {
                StoredMessage m = MessageCodec.decode(s.buffer().duplicate(), 0, false);
                long due = dueTime(m, levels.delayMillis(level));
                long now = ctx.now();
                if (due > now) {
                    wait = due - now;
                    break;
                }
                if (!deliver(m)) {
                    wait = 1000;
                    break;
                }
                next = m.queueOffset() + 1;
                delivered++;
            }
            if (delivered == r.messages().size()) {
                next = Math.max(next, r.nextBeginOffset());
                wait = 0;
            }
        }
        if (next != offsets.get(level)) {
            offsets.set(level, next);
            offsets.persist();
        }
        return wait;
    }

    /** When {@code m}, parked for a level of {@code levelDelay} ms, is due. */
    static long dueTime(StoredMessage m, long levelDelay) {
        String p = m.properties();
        long at = parse(MessageProperties.get(p, PropertyNames.TIMER_DELIVER_MS));
        if (at < 0) {
            at = parse(MessageProperties.get(p, PropertyNames.START_DELIVER_TIME));
        }
        if (at >= 0) {
            return at;
        }
        long sec = parse(MessageProperties.get(p, PropertyNames.TIMER_DELAY_SEC));
        if (sec >= 0) {
            return m.storeTimestamp() + sec * 1000;
        }
        long ms = parse(MessageProperties.get(p, PropertyNames.TIMER_DELAY_MS));
        if (ms >= 0) {
            return m.storeTimestamp() + ms;
        }
        return m.storeTimestamp() + levelDelay;
    }

    /** The message as it is delivered: back to its destination, without DELAY. */
    static MessageRecord unparked(StoredMessage m) {
        String topic = m.property(PropertyNames.REAL_TOPIC);
        int queueId = 0;
        try {
            String q = m.property(PropertyNames.REAL_QID);
            queueId = q == null ? 0 : Math.max(0, Integer.parseInt(q.trim()));
        } catch (NumberFormatException e) {
            // queue 0
        }
        String props = PropertyEditor.remove(m.properties(), MessageProperties.DELAY);
        return new MessageRecord(topic == null ? m.topic() : topic, queueId, m.flag(), m.body(), props, m.sysFlag(),
                m.bornTimestamp(), m.bornHost(), m.storeHost(), m.reconsumeTimes(), m.preparedTransactionOffset());
    }

    private boolean deliver(StoredMessage m) {
        if (m.property(PropertyNames.REAL_TOPIC) == null) {
            LOG.warn("delayed message at {} of {} has no REAL_TOPIC; dropped", m.queueOffset(), m.topic());
            return true;
        }
        try {
            PutResult put = ctx.store().putMessage(unparked(m)).get(10, TimeUnit.SECONDS);
            if (!put.status().isStored()) {
                LOG.warn("delivering delayed message {} failed: {}", m.offsetMsgId(), put.status());
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("delivering delayed message {} failed", m.offsetMsgId(), e);
            return false;
        }
    }

    private static long parse(String v) {
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stops the loops and saves the progress. */
    @Override
    public void close() {
        closed = true;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timer.shutdownNow();
        }
        offsets.persist();
    }
}
