package io.comet.broker.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The broker configuration as the code uses it: the raw {@link BrokerConfiguration} ({@link #config()}, for
 * plain tunables) plus values that are derived or defaulted at run time (broker name and address, NameServer
 * list, role, delay levels, thread counts). Immutable; {@code @Modified} replaces the whole object.
 *
 * <p>{@link #role()} is not a key of {@code comet.broker}: {@code brokerRole} belongs to {@code comet.ha} and the
 * broker learns it from the HA service ({@link Replication}); {@link #from} starts with ASYNC_MASTER and the core
 * replaces it with {@link #withRole} at start and after each role change.
 */
public record BrokerSettings(BrokerConfiguration config, String brokerName, String brokerIP1, BrokerRole role,
                             List<String> namesrvAddrs, DelayLevels delayLevels, int sendThreads,
                             int pullThreads, int adminThreads, int heartbeatThreads) {

    public BrokerSettings {
        namesrvAddrs = List.copyOf(namesrvAddrs);
    }

    /** Validates and derives; throws naming the key and value that are wrong. */
    public static BrokerSettings from(BrokerConfiguration c) {
        int cores = Runtime.getRuntime().availableProcessors();
        String name = c.brokerName().isBlank() ? "broker-a" : c.brokerName().trim();
        String ip = c.brokerIP1().isBlank() ? localAddress() : c.brokerIP1().trim();
        check("listenPort", c.listenPort(), 0, 65535);
        check("brokerId", c.brokerId(), 0, Long.MAX_VALUE);
        check("brokerPermission", c.brokerPermission(), 0, 15);
        check("defaultTopicQueueNums", c.defaultTopicQueueNums(), 1, 1024);
        check("registerNameServerPeriod", c.registerNameServerPeriod(), 1, 60000);
        if (c.brokerClusterName().isBlank()) {
            throw new IllegalArgumentException("brokerClusterName must not be empty");
        }
        return new BrokerSettings(c, name, ip, BrokerRole.ASYNC_MASTER, parseAddresses(c.namesrvAddr()),
                DelayLevels.parse(c.messageDelayLevel()),
                c.sendMessageThreadPoolNums() > 0 ? c.sendMessageThreadPoolNums() : Math.min(4, cores),
                c.pullMessageThreadPoolNums() > 0 ? c.pullMessageThreadPoolNums() : 16 + 2 * cores,
                c.adminBrokerThreadPoolNums(),
                c.heartbeatThreadPoolNums() > 0 ? c.heartbeatThreadPoolNums() : Math.min(32, cores));
    }

    /** Settings from attribute values (missing ones take the metatype defaults); for tests and tools. */
    public static BrokerSettings of(Map<String, ?> values) {
        return from(Configurations.of(BrokerConfiguration.class, values));
    }

    public String clusterName() {
        return config.brokerClusterName();
    }

    public long brokerId() {
        return config.brokerId();
    }

    /** The same settings with another role (the role the HA service reports). */
    public BrokerSettings withRole(BrokerRole newRole) {
        return newRole == role ? this : new BrokerSettings(config, brokerName, brokerIP1, newRole, namesrvAddrs,
                delayLevels, sendThreads, pullThreads, adminThreads, heartbeatThreads);
    }

    /**
     * The id this broker registers with: 0 while it is a master (RocketMQ forces 0 for masters, whatever
     * {@code brokerId} says), the configured {@code brokerId} while it is a SLAVE, or 1 when a SLAVE is configured
     * with 0 (a master demoted live keeps its {@code brokerId=0} configuration; it must not claim the master id).
     */
    public long registeredBrokerId() {
        if (!role.isSlave()) {
            return 0;
        }
        return config.brokerId() > 0 ? config.brokerId() : 1;
    }

    /** The host of the published HA address: {@code brokerIP2}, or {@code brokerIP1} when empty. */
    public String haHost() {
        return config.brokerIP2().isBlank() ? brokerIP1 : config.brokerIP2().trim();
    }

    /** NameServer addresses of {@code namesrvAddr}, split on {@code ;} or {@code ,}, blanks dropped. */
    public static List<String> parseAddresses(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String part : text.split("[;,]")) {
            String a = part.trim();
            if (a.isEmpty()) {
                continue;
            }
            int colon = a.lastIndexOf(':');
            if (colon <= 0 || colon == a.length() - 1) {
                throw new IllegalArgumentException("namesrvAddr=" + text + ": '" + a + "' is not host:port");
            }
            try {
                int port = Integer.parseInt(a.substring(colon + 1));
                check("namesrvAddr port", port, 1, 65535);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("namesrvAddr=" + text + ": '" + a + "' has no numeric port");
            }
            result.add(a);
        }
        return Collections.unmodifiableList(result);
    }

    private static void check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + "=" + value + " is out of range [" + min + ", " + max + "]");
        }
    }

    /** A non-loopback IPv4 address of this host (site-local first), else 127.0.0.1. */
    static String localAddress() {
        String fallback = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        if (a.isSiteLocalAddress()) {
                            return a.getHostAddress();
                        }
                        fallback = fallback == null ? a.getHostAddress() : fallback;
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return fallback != null ? fallback : "127.0.0.1";
    }
}
