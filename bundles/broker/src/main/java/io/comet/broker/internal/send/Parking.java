package io.comet.broker.internal.send;

import io.comet.broker.internal.DelayLevels;
import io.comet.broker.internal.message.PropertyEditor;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageProperties;
import io.comet.common.MessageSysFlag;

/**
 * Rewrites messages that must wait before consumers see them. Both kinds keep their destination in the
 * properties {@code REAL_TOPIC} and {@code REAL_QID} (decimal), which the consuming side's delivery services read
 * to move them back:
 * <ul>
 *   <li><b>Delayed</b> (property {@code DELAY} = level &gt; 0, or a 5.x delivery time {@code TIMER_DELIVER_MS} /
 *       {@code __STARTDELIVERTIME} (absolute ms), {@code TIMER_DELAY_SEC} / {@code TIMER_DELAY_MS} (relative)), not
 *       a prepared or rolled-back transaction: topic {@code SCHEDULE_TOPIC_XXXX}, queue {@code level - 1}; levels
 *       above the highest are clamped to it. A delivery time becomes the smallest level whose delay is at least
 *       the time left (so it is never delivered early; it may be late by up to the gap to that level) and is
 *       written as {@code DELAY}; a time already past is delivered at once.</li>
 *   <li><b>Half</b> (transactional prepare, {@code TRAN_MSG=true}): topic {@code RMQ_SYS_TRANS_HALF_TOPIC}, queue 0,
 *       the sysFlag transaction bits cleared (as RocketMQ does, so the half record is an ordinary entry of the
 *       half topic); {@code TRAN_MSG} and {@code PGROUP} stay for the check-back.</li>
 * </ul>
 */
final class Parking {
    private Parking() {}

    /** True when the properties ask for a transactional half message. */
    static boolean isHalf(String properties) {
        return "true".equalsIgnoreCase(MessageProperties.get(properties, PropertyNames.TRAN_MSG));
    }

    static void toHalf(MessageDraft d) {
        park(d, TopicNames.TRANS_HALF_TOPIC, 0);
        d.sysFlag &= ~MessageSysFlag.TRANSACTION_ROLLBACK_TYPE; // ROLLBACK_TYPE covers both transaction bits
    }

    /**
     * Moves a delayed message to its schedule queue; returns false (and changes nothing) when the message is not
     * delayed.
     */
    static boolean applyDelay(MessageDraft d, DelayLevels levels, long now) {
        int type = MessageSysFlag.transactionType(d.sysFlag);
        if (type == MessageSysFlag.TRANSACTION_PREPARED_TYPE || type == MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            return false;
        }
        int level = level(d, levels, now);
        if (level <= 0) {
            return false;
        }
        level = levels.clamp(level);
        d.properties = PropertyEditor.put(d.properties, MessageProperties.DELAY, Integer.toString(level));
        park(d, TopicNames.SCHEDULE_TOPIC, level - 1);
        return true;
    }

    /** The delay level the message asks for, 0 for none. */
    static int level(MessageDraft d, DelayLevels levels, long now) {
        String p = d.properties;
        String delay = p.indexOf(MessageProperties.DELAY) < 0 ? null : MessageProperties.get(p, MessageProperties.DELAY);
        if (delay != null) {
            int level = parseInt(delay.trim());
            if (level > 0) {
                return level;
            }
        }
        long delayMillis = timerDelay(p, now);
        return delayMillis > 0 ? levels.levelFor(delayMillis) : 0;
    }

    /** Milliseconds a 5.x timer property asks to wait (0 when none or already due). */
    static long timerDelay(String p, long now) {
        if (p.indexOf("TIMER_") < 0 && p.indexOf(PropertyNames.START_DELIVER_TIME) < 0) {
            return 0; // the common case: one scan instead of four
        }
        String at = MessageProperties.get(p, PropertyNames.TIMER_DELIVER_MS);
        if (at == null) {
            at = MessageProperties.get(p, PropertyNames.START_DELIVER_TIME);
        }
        if (at != null) {
            return Math.max(0, parseLong(at.trim()) - now);
        }
        String sec = MessageProperties.get(p, PropertyNames.TIMER_DELAY_SEC);
        if (sec != null) {
            return Math.max(0, parseLong(sec.trim()) * 1000);
        }
        String ms = MessageProperties.get(p, PropertyNames.TIMER_DELAY_MS);
        return ms == null ? 0 : Math.max(0, parseLong(ms.trim()));
    }

    private static void park(MessageDraft d, String topic, int queueId) {
        String p = PropertyEditor.put(d.properties, PropertyNames.REAL_TOPIC, d.topic);
        d.properties = PropertyEditor.put(p, PropertyNames.REAL_QID, Integer.toString(d.queueId));
        d.topic = topic;
        d.queueId = queueId;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
