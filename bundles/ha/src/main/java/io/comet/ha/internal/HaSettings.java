package io.comet.ha.internal;

import io.comet.ha.HaRole;
import java.util.Map;

/**
 * The HA configuration, immutable and validated; {@code @Modified} replaces it as a whole.
 *
 * @param role               {@code brokerRole}
 * @param haListenPort       master HA port (0 = any free port; configuration maps 0 to listenPort + 1 first)
 * @param haMasterAddress    slave: configured master HA address, or null (learned from the NameServer)
 * @param heartbeatMs        {@code haSendHeartbeatInterval}
 * @param housekeepingMs     {@code haHousekeepingInterval}
 * @param transferBatchSize  {@code haTransferBatchSize}
 * @param slaveFallbehindMax {@code haSlaveFallbehindMax}
 * @param slaveTimeoutMs     {@code slaveTimeout}
 * @param inSyncReplicas     {@code inSyncReplicas}
 */
public record HaSettings(HaRole role, int haListenPort, String haMasterAddress, long heartbeatMs, long housekeepingMs,
                         int transferBatchSize, long slaveFallbehindMax, long slaveTimeoutMs, int inSyncReplicas) {
    static final String PID = "comet.ha";
    static final int DEFAULT_LISTEN_PORT = 10911;

    /** Validates every value; the message names the key, the value and what is valid. */
    public HaSettings {
        if (role == null) {
            throw new IllegalArgumentException(PID + ": brokerRole is missing");
        }
        if (haListenPort < 0 || haListenPort > 65535) {
            throw invalid("haListenPort", haListenPort, "an integer from 0 to 65535");
        }
        requireAtLeast("haSendHeartbeatInterval", heartbeatMs, 1);
        requireAtLeast("haHousekeepingInterval", housekeepingMs, 1);
        if (transferBatchSize < 1 || transferBatchSize > HaFrames.MAX_FRAME - HaFrames.HEADER_LENGTH) {
            throw invalid("haTransferBatchSize", transferBatchSize,
                    "an integer from 1 to " + (HaFrames.MAX_FRAME - HaFrames.HEADER_LENGTH));
        }
        requireAtLeast("haSlaveFallbehindMax", slaveFallbehindMax, 0);
        requireAtLeast("slaveTimeout", slaveTimeoutMs, 1);
        requireAtLeast("inSyncReplicas", inSyncReplicas, 1);
        if (haMasterAddress != null) {
            haMasterAddress = haMasterAddress.trim();
            if (haMasterAddress.isEmpty()) {
                haMasterAddress = null;
            } else {
                HostPort.parse("haMasterAddress", haMasterAddress);
            }
        }
    }

    /** RocketMQ's defaults for a role, with a given port. */
    public static HaSettings defaults(HaRole role, int haListenPort) {
        return new HaSettings(role, haListenPort, null, 5000, 20000, 32768, 256L << 20, 3000, 1);
    }

    /** Slaves a SYNC_MASTER waits for: {@code inSyncReplicas - 1}, at least one ("SYNC_MASTER with one slave
     * means that slave"). */
    public int requiredSlaveAcks() {
        return Math.max(1, inSyncReplicas - 1);
    }

    /** The same settings with another role. */
    public HaSettings withRole(HaRole r) {
        return new HaSettings(r, haListenPort, haMasterAddress, heartbeatMs, housekeepingMs, transferBatchSize,
                slaveFallbehindMax, slaveTimeoutMs, inSyncReplicas);
    }

    /**
     * Reads a DS configuration (PIDs {@code comet.broker} and {@code comet.ha} merged). Values may be strings
     * (properties files) or numbers. {@code haListenPort} 0 or absent is {@code listenPort + 1}, as in RocketMQ.
     */
    public static HaSettings from(Map<String, ?> config) {
        HaRole role = HaRole.parse(text(config, "brokerRole", "ASYNC_MASTER"));
        int port = (int) number(config, "haListenPort", 0);
        if (port == 0) {
            port = (int) number(config, "listenPort", DEFAULT_LISTEN_PORT) + 1;
        }
        return new HaSettings(role, port, text(config, "haMasterAddress", null),
                number(config, "haSendHeartbeatInterval", 5000), number(config, "haHousekeepingInterval", 20000),
                (int) number(config, "haTransferBatchSize", 32768), number(config, "haSlaveFallbehindMax", 256L << 20),
                number(config, "slaveTimeout", 3000), (int) number(config, "inSyncReplicas", 1));
    }

    private static String text(Map<String, ?> config, String key, String def) {
        Object v = config.get(key);
        return v == null ? def : String.valueOf(v);
    }

    private static long number(Map<String, ?> config, String key, long def) {
        Object v = config.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw invalid(key, value, "an integer >= " + min);
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String valid) {
        return new IllegalArgumentException(PID + ": " + key + "=" + value + " is invalid, it must be " + valid);
    }
}
