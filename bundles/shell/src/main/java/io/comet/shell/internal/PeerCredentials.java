package io.comet.shell.internal;

import java.lang.reflect.Method;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;

/**
 * The user at the other end of a Unix domain socket, from the kernel ({@code SO_PEERCRED}, Linux and macOS), via
 * {@code jdk.net.ExtendedSocketOptions}. That class is in the {@code jdk.net} module, which an OSGi bundle does
 * not import, so it is reached through the platform class loader. Answers null when the platform cannot tell.
 */
final class PeerCredentials {
    private PeerCredentials() { }

    /** The peer's user name, or null when unavailable. */
    static String user(SocketChannel channel) {
        try {
            Class<?> options = ClassLoader.getPlatformClassLoader().loadClass("jdk.net.ExtendedSocketOptions");
            @SuppressWarnings("unchecked")
            SocketOption<Object> peerCred = (SocketOption<Object>) options.getField("SO_PEERCRED").get(null);
            if (!channel.supportedOptions().contains(peerCred)) {
                return null;
            }
            Object principal = channel.getOption(peerCred);
            Method user = principal.getClass().getMethod("user");
            return ((java.nio.file.attribute.UserPrincipal) user.invoke(principal)).getName();
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            return null;
        }
    }
}
