package io.comet.tools.internal;

import io.comet.common.PermName;
import io.comet.common.TopicConfig;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Map;

/** Value formats the RocketMQ tools print: times, version names, perms, TopicConfig's text. */
final class Formats {
    /** Version ordinals RocketMQ sends (the protocol sheet, 1.8) and their names. */
    private static final Map<Integer, String> VERSIONS = Map.of(37, "V3_0_11", 121, "V3_4_9", 232, "V4_1_0_SNAPSHOT",
            401, "V4_9_4", 409, "V4_9_8", 441, "V5_1_4", 475, "V5_3_1");

    private Formats() { }

    /** {@code yyyy-MM-dd HH:mm:ss,SSS} (topicStatus's "Last Updated", message times). */
    static String millis(long ms) {
        return new SimpleDateFormat("yyyy-MM-dd HH:mm:ss,SSS").format(new Date(ms));
    }

    /** {@code yyyy-MM-dd HH:mm:ss} (consumerProgress's "LastTime"). */
    static String seconds(long ms) {
        return new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new Date(ms));
    }

    static String version(int ordinal) {
        return VERSIONS.getOrDefault(ordinal, "V" + ordinal);
    }

    /** RocketMQ's TopicConfig.toString. */
    static String topicConfig(TopicConfig t) {
        return "TopicConfig [topicName=" + t.topicName() + ", readQueueNums=" + t.readQueueNums()
                + ", writeQueueNums=" + t.writeQueueNums() + ", perm=" + PermName.toString(t.perm())
                + ", topicFilterType=" + t.topicFilterType() + ", topicSysFlag=" + t.topicSysFlag() + ", order="
                + t.order() + ", attributes=" + t.attributes() + "]";
    }

    /** Parses {@code now}, epoch milliseconds or {@code yyyy-MM-dd#HH:mm:ss:SSS}. */
    static long timestamp(String value, String option) throws UsageException {
        if (value.equals("now")) {
            return System.currentTimeMillis();
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            try {
                SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd#HH:mm:ss:SSS");
                f.setLenient(false);
                return f.parse(value).getTime();
            } catch (java.text.ParseException pe) {
                throw new UsageException("option -" + option + " must be now, milliseconds or yyyy-MM-dd#HH:mm:ss:SSS,"
                        + " not '" + value + "'");
            }
        }
    }
}
