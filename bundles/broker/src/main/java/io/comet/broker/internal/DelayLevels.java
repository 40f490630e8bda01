package io.comet.broker.internal;

import java.util.Arrays;

/**
 * The delay levels of {@code messageDelayLevel}: level {@code n} (1-based) waits {@code delayMillis(n)}. Text form:
 * durations separated by spaces, each a number followed by {@code s}, {@code m}, {@code h} or {@code d}, e.g. the
 * default {@code 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h} (18 levels). Messages of level
 * {@code n} wait in queue {@code n - 1} of {@code SCHEDULE_TOPIC_XXXX}.
 */
public final class DelayLevels {
    private final long[] millis;
    private final String text;

    private DelayLevels(long[] millis, String text) {
        this.millis = millis;
        this.text = text;
    }

    /** Parses the text form; throws naming the bad entry. */
    public static DelayLevels parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("messageDelayLevel must not be empty");
        }
        String[] parts = text.trim().split("\\s+");
        long[] millis = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            millis[i] = parseOne(parts[i], text);
        }
        return new DelayLevels(millis, text.trim());
    }

    private static long parseOne(String part, String text) {
        if (part.length() < 2) {
            throw bad(part, text);
        }
        long unit = switch (part.charAt(part.length() - 1)) {
            case 's' -> 1000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> throw bad(part, text);
        };
        try {
            long n = Long.parseLong(part.substring(0, part.length() - 1));
            if (n < 0) {
                throw bad(part, text);
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw bad(part, text);
        }
    }

    private static IllegalArgumentException bad(String part, String text) {
        return new IllegalArgumentException("messageDelayLevel='" + text + "': '" + part
                + "' is not a number followed by s, m, h or d");
    }

    /** Number of levels (18 by default); the highest level. */
    public int count() {
        return millis.length;
    }

    /** Delay of {@code level} (1..count()) in ms. */
    public long delayMillis(int level) {
        if (level < 1 || level > millis.length) {
            throw new IllegalArgumentException("delay level " + level + " is out of range [1, " + millis.length + "]");
        }
        return millis[level - 1];
    }

    /** Clamps a requested level to the highest one (RocketMQ does the same). */
    public int clamp(int level) {
        return Math.min(level, millis.length);
    }

    /** The level whose delay is the smallest one at least {@code delayMillis}, or the highest level. */
    public int levelFor(long delayMillis) {
        for (int i = 0; i < millis.length; i++) {
            if (millis[i] >= delayMillis) {
                return i + 1;
            }
        }
        return millis.length;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DelayLevels d && Arrays.equals(d.millis, millis);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(millis);
    }
}
