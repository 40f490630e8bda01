package io.comet.store.internal;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.BitSet;

/**
 * The {@code deleteWhen} hours: a {@code ;}-separated list of hours of the day (00..23), e.g. {@code "04"} or
 * {@code "04;16"}. Expired files are deleted during those hours (and at any hour under disk pressure).
 */
final class DeleteSchedule {
    private final BitSet hours = new BitSet(24);

    /** Parses; throws {@link IllegalArgumentException} naming the bad entry. */
    DeleteSchedule(String deleteWhen) {
        for (String part : deleteWhen.split(";")) {
            String h = part.trim();
            if (h.isEmpty()) {
                continue;
            }
            int v;
            try {
                v = Integer.parseInt(h);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("deleteWhen=" + deleteWhen + ": '" + h + "' is not an hour 00..23");
            }
            if (v < 0 || v > 23) {
                throw new IllegalArgumentException("deleteWhen=" + deleteWhen + ": '" + h + "' is not an hour 00..23");
            }
            hours.set(v);
        }
    }

    /** Whether the clock's current hour (in its zone) is a delete hour. */
    boolean isDeleteTime(Clock clock) {
        return hours.get(ZonedDateTime.now(clock).getHour());
    }
}
