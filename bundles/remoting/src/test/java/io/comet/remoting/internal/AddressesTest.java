package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parsing "host:port" never looks a name up; host names are looked up on the resolver's own thread. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AddressesTest {
    @Test
    void ipLiteralsAreResolvedWithoutALookupAndHostNamesAreLeftUnresolved() {
        InetSocketAddress v4 = Addresses.parse("127.0.0.1:9876");
        assertFalse(v4.isUnresolved());
        assertEquals(InetAddress.getLoopbackAddress().getHostAddress(), v4.getAddress().getHostAddress());
        assertEquals(9876, v4.getPort());
        InetSocketAddress v6 = Addresses.parse("[::1]:10911");
        assertFalse(v6.isUnresolved());
        assertTrue(v6.getAddress().isLoopbackAddress());
        InetSocketAddress named = Addresses.parse("broker-a.example:10911");
        assertTrue(named.isUnresolved(), "no name lookup while parsing");
        assertEquals("broker-a.example", named.getHostString());
        assertEquals("broker-a.example:10911", Addresses.format(named));
    }

    @Test
    void hostNamesAreResolvedOnTheResolverThread() throws Exception {
        OffLoopResolver group = new OffLoopResolver("addr-test");
        try {
            AddressResolver<InetSocketAddress> resolver = group.getResolver(ImmediateEventExecutor.INSTANCE);
            CompletableFuture<String> thread = new CompletableFuture<>();
            Future<InetSocketAddress> f = resolver.resolve(InetSocketAddress.createUnresolved("localhost", 9876));
            f.addListener(done -> thread.complete(Thread.currentThread().getName()));
            assertTrue(f.await(10, TimeUnit.SECONDS));
            assertTrue(f.isSuccess(), String.valueOf(f.cause()));
            assertTrue(f.getNow().getAddress().isLoopbackAddress());
            assertEquals(9876, f.getNow().getPort());
            assertTrue(thread.get(10, TimeUnit.SECONDS).startsWith("comet-addr-test-dns"), thread.get());
        } finally {
            group.close();
        }
    }
}
