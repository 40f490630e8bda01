package io.comet.ha.internal;

import java.net.InetSocketAddress;

/** Parses {@code host:port} addresses (the form RocketMQ uses for {@code haMasterAddress} and haServerAddr). */
final class HostPort {
    private HostPort() {}

    /**
     * Parses {@code value}.
     *
     * @throws IllegalArgumentException naming {@code key}, the value and the expected form
     */
    static InetSocketAddress parse(String key, String value) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(key + "=" + value + " is invalid, it must be host:port");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is invalid, the port must be an integer");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + "=" + value + " is invalid, the port must be 1..65535");
        }
        return InetSocketAddress.createUnresolved(value.substring(0, colon).trim(), port);
    }
}
