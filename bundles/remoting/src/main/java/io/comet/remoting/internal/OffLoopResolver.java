package io.comet.remoting.internal;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Resolves the host names of client connections on one dedicated thread, so a slow name lookup never blocks an
 * event loop (Netty's default resolver looks names up on the connecting channel's event loop). Addresses given as
 * IP literals arrive resolved ({@link Addresses#parse}) and never come here.
 */
final class OffLoopResolver extends AddressResolverGroup<InetSocketAddress> {
    private final EventExecutor lookups;

    OffLoopResolver(String name) {
        this.lookups = new DefaultEventExecutor(new NamedThreadFactory("comet-" + name + "-dns"));
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor ignored) {
        return new InetNameResolver(lookups) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                lookups.execute(() -> {
                    try {
                        promise.trySuccess(InetAddress.getByName(host));
                    } catch (UnknownHostException | RuntimeException e) {
                        promise.tryFailure(e);
                    }
                });
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                lookups.execute(() -> {
                    try {
                        promise.trySuccess(Arrays.asList(InetAddress.getAllByName(host)));
                    } catch (UnknownHostException | RuntimeException e) {
                        promise.tryFailure(e);
                    }
                });
            }
        }.asAddressResolver();
    }

    @Override
    public void close() {
        super.close();
        lookups.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
