package io.comet.broker.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the "ip:port" strings of channels and settings into socket addresses for stored records (born and store
 * hosts), without name lookups, caching the few distinct values a broker sees (clients reconnect rarely). The
 * cache is dropped when it grows past {@value #MAX_CACHED} entries.
 */
public final class Hosts {
    private static final int MAX_CACHED = 4096;
    private static final InetSocketAddress UNKNOWN = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final ConcurrentHashMap<String, InetSocketAddress> CACHE = new ConcurrentHashMap<>();

    private Hosts() {}

    /**
     * The address of an "ip:port" string (an IPv6 address may have its last colon before the port, as
     * {@code RemotingChannel.remoteAddress()} writes it). Strings that are not a numeric address and port give
     * {@code 127.0.0.1:0}: a message's born host is informational and must not fail a send.
     */
    public static InetSocketAddress parse(String ipPort) {
        if (ipPort == null) {
            return UNKNOWN;
        }
        InetSocketAddress cached = CACHE.get(ipPort);
        if (cached != null) {
            return cached;
        }
        InetSocketAddress parsed = parseNow(ipPort);
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        CACHE.put(ipPort, parsed);
        return parsed;
    }

    private static InetSocketAddress parseNow(String ipPort) {
        int colon = ipPort.lastIndexOf(':');
        if (colon <= 0) {
            return UNKNOWN;
        }
        String host = ipPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(ipPort.substring(colon + 1));
            InetAddress address = host.indexOf(':') >= 0 ? InetAddress.getByName(host) : ipv4(host);
            return address == null ? UNKNOWN : new InetSocketAddress(address, port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** A dotted-quad literal, or null; never a name lookup (a host containing ':' is an IPv6 literal to Java). */
    private static InetAddress ipv4(String host) throws UnknownHostException {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return InetAddress.getByAddress(b);
    }
}
