package io.comet.store.internal;

import io.comet.store.StoreSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link StoreSettings} from a component configuration (PIDs {@code comet.store} and {@code comet.flush}
 * merged). Values may be typed or strings; a bad value throws {@link IllegalArgumentException} naming the PID,
 * key, value and what is valid. {@code ${name}} in paths is replaced by the system property {@code name}.
 */
final class StoreSettingsReader {
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    private StoreSettingsReader() {}

    static StoreSettings read(Map<String, ?> c) {
        StoreSettings.Builder b = StoreSettings.builder();
        String root = string(c, "storePathRootDir", "${user.home}/store");
        b.storePathRootDir(Path.of(expand(root)));
        String cl = string(c, "storePathCommitLog", "");
        if (!cl.isBlank()) {
            b.storePathCommitLog(Path.of(expand(cl)));
        }
        b.mappedFileSizeCommitLog(integer(c, "mappedFileSizeCommitLog", 1024 * 1024 * 1024));
        b.mappedFileSizeConsumeQueue(integer(c, "mappedFileSizeConsumeQueue", 6_000_000));
        b.fileReservedTime(integer(c, "fileReservedTime", 72));
        b.deleteWhen(string(c, "deleteWhen", "04"));
        new DeleteSchedule(string(c, "deleteWhen", "04"));
        b.diskMaxUsedSpaceRatio(integer(c, "diskMaxUsedSpaceRatio", 75));
        b.diskSpaceCleanForciblyRatio(integer(c, "diskSpaceCleanForciblyRatio", 85));
        b.diskSpaceWarningLevelRatio(integer(c, "diskSpaceWarningLevelRatio", 90));
        b.cleanFileForciblyEnable(bool(c, "cleanFileForciblyEnable", true));
        b.deleteFileBatchMax(integer(c, "deleteFileBatchMax", 10));
        b.cleanResourceInterval(integer(c, "cleanResourceInterval", 10_000));
        b.maxMessageSize(integer(c, "maxMessageSize", 4 * 1024 * 1024));
        b.messageIndexEnable(bool(c, "messageIndexEnable", true));
        b.maxHashSlotNum(integer(c, "maxHashSlotNum", 5_000_000));
        b.maxIndexNum(integer(c, "maxIndexNum", 20_000_000));
        b.checkCRCOnRecover(bool(c, "checkCRCOnRecover", true));
        b.flushIntervalConsumeQueue(integer(c, "flushIntervalConsumeQueue", 1000));
        b.flushDiskType(string(c, "flushDiskType", StoreSettings.ASYNC_FLUSH));
        b.syncFlushTimeout(integer(c, "syncFlushTimeout", 5000));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("comet.store: " + e.getMessage(), e);
        }
    }

    static String expand(String s) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = System.getProperty(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("comet.store: '" + s + "' names the system property " + m.group(1)
                        + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String string(Map<String, ?> c, String key, String def) {
        Object v = c.get(key);
        return v == null ? def : v.toString().trim();
    }

    private static int integer(Map<String, ?> c, String key, int def) {
        Object v = c.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            long l = n.longValue();
            if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                throw bad(key, v, "an integer");
            }
            return (int) l;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    private static boolean bool(Map<String, ?> c, String key, boolean def) {
        Object v = c.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean bo) {
            return bo;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(key, v, "true or false");
    }

    private static IllegalArgumentException bad(String key, Object v, String what) {
        return new IllegalArgumentException("comet.store: " + key + "=" + v + " is invalid, it must be " + what);
    }
}
