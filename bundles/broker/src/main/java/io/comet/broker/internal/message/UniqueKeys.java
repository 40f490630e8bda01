package io.comet.broker.internal.message;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes {@code UNIQ_KEY} values for messages that arrive without one (RocketMQ 5.x adds one on the broker): 32
 * upper-case hex characters in the clients' layout, host IPv4 address (4 bytes) + process id (2) + a per-process
 * random (4) + ms since the start of the month (4) + counter (2). Thread-safe and lock-free.
 */
public final class UniqueKeys {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile long monthStart;
    private volatile long nextMonthStart;

    public UniqueKeys(InetAddress host) {
        ByteBuffer b = ByteBuffer.allocate(10);
        byte[] ip = host.getAddress();
        b.put(ip.length == 4 ? ip : new byte[] {ip[ip.length - 4], ip[ip.length - 3], ip[ip.length - 2], ip[ip.length - 1]});
        b.putShort((short) ProcessHandle.current().pid());
        b.putInt(System.identityHashCode(this) ^ (int) System.nanoTime());
        prefix = hex(b.array());
    }

    /** A new key for a message stored at {@code nowMillis}. */
    public String next(long nowMillis) {
        if (nowMillis >= nextMonthStart || nowMillis < monthStart) {
            LocalDate first = java.time.Instant.ofEpochMilli(nowMillis).atZone(ZoneId.systemDefault()).toLocalDate()
                    .withDayOfMonth(1);
            monthStart = first.atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli();
            nextMonthStart = first.plusMonths(1).atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli();
        }
        ByteBuffer b = ByteBuffer.allocate(6);
        b.putInt((int) (nowMillis - monthStart));
        b.putShort((short) counter.getAndIncrement());
        return prefix + hex(b.array());
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
