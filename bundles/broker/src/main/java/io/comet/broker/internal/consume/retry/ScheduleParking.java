package io.comet.broker.internal.consume.retry;

import io.comet.broker.internal.DelayLevels;
import io.comet.broker.internal.message.PropertyEditor;
import io.comet.broker.internal.message.PropertyNames;
import io.comet.broker.internal.topic.TopicNames;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;

/**
 * The parked form of a delayed message, shared with the send path: topic {@code SCHEDULE_TOPIC_XXXX}, queue
 * {@code level - 1} (levels above the highest are clamped), properties {@code DELAY=level},
 * {@code REAL_TOPIC=<destination>}, {@code REAL_QID=<queue>}. {@link ScheduleDeliveryService} moves it back.
 */
public final class ScheduleParking {
    private ScheduleParking() {}

    /** {@code message} parked for {@code level} (1-based). */
    public static MessageRecord park(MessageRecord message, int level, DelayLevels levels) {
        int l = levels.clamp(Math.max(1, level));
        String p = PropertyEditor.put(message.properties(), MessageProperties.DELAY, Integer.toString(l));
        p = PropertyEditor.put(p, PropertyNames.REAL_TOPIC, message.topic());
        p = PropertyEditor.put(p, PropertyNames.REAL_QID, Integer.toString(message.queueId()));
        return new MessageRecord(TopicNames.SCHEDULE_TOPIC, l - 1, message.flag(), message.body(), p,
                message.sysFlag(), message.bornTimestamp(), message.bornHost(), message.storeHost(),
                message.reconsumeTimes(), message.preparedTransactionOffset());
    }
}
