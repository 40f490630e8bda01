package io.comet.remoting.internal;

import io.netty.channel.Channel;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** "ip:port" strings, the form RocketMQ uses for every endpoint. */
final class Addresses {
    private Addresses() {}

    /** The peer of {@code channel} as "ip:port", or "unknown" before it connects. */
    static String remote(Channel channel) {
        return format(channel.remoteAddress());
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return address == null ? "unknown" : address.toString();
    }

    /**
     * Parses "host:port" (IPv6 hosts may be written "[::1]:port") without a name lookup: an IP literal gives a
     * resolved address, a host name an unresolved one that the client's {@link OffLoopResolver} looks up off the
     * event loops.
     *
     * @throws IllegalArgumentException naming the address and what is wrong with it
     */
    static InetSocketAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is empty; expected host:port");
        }
        String a = address.trim();
        int colon = a.lastIndexOf(':');
        if (colon <= 0 || colon == a.length() - 1) {
            throw new IllegalArgumentException("address '" + address + "' is not host:port");
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + address + "' has a non-numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address '" + address + "' has port " + port + " outside 1-65535");
        }
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        return literal != null ? new InetSocketAddress(literal, port) : InetSocketAddress.createUnresolved(host, port);
    }
}
