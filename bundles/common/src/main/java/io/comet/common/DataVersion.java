package io.comet.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Version stamp of a broker's topic configuration (and other replicated tables). The NameServer compares the
 * stamp of each registration with the one it holds to decide whether to rebuild a broker's queue data.
 *
 * <p>JSON: {@code {"counter":3,"stateVersion":0,"timestamp":1700000000000}}; {@code stateVersion} is RocketMQ
 * 5.x only (controller epoch) and reads as 0 when absent. Two stamps are equal when all three fields are.
 *
 * @param counter      bumped on every change
 * @param stateVersion 5.x state-machine version (0 outside controller mode)
 * @param timestamp    wall-clock time of the last change, in ms
 */
public record DataVersion(long counter, long stateVersion, long timestamp) {

    @JsonCreator
    static DataVersion fromJson(@JsonProperty("counter") Long counter,
                                @JsonProperty("stateVersion") Long stateVersion,
                                @JsonProperty("timestamp") Long timestamp) {
        return new DataVersion(counter == null ? 0 : counter, stateVersion == null ? 0 : stateVersion,
                timestamp == null ? 0 : timestamp);
    }

    /** A first version (counter 0) stamped {@code nowMillis}. */
    public static DataVersion initial(long nowMillis) {
        return new DataVersion(0, 0, nowMillis);
    }

    /** The all-zero version a NameServer assumes for a registration that carried no body. */
    public static DataVersion zero() {
        return new DataVersion(0, 0, 0);
    }

    /** The next version: counter + 1, stamped {@code nowMillis}, same state version. */
    public DataVersion next(long nowMillis) {
        return new DataVersion(counter + 1, stateVersion, nowMillis);
    }

    /** The next version with a new state version (controller mode). */
    public DataVersion next(long nowMillis, long newStateVersion) {
        return new DataVersion(counter + 1, newStateVersion, nowMillis);
    }
}
