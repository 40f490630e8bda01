package io.comet.broker.internal;

/**
 * A part of the broker started with it: given the running broker's {@link BrokerContext}, it registers its
 * processors and listeners and starts its services; the returned handle stops them. Parts start after the
 * producing side's processors are registered and before the first NameServer registration, and stop in reverse
 * order before the server closes.
 */
@FunctionalInterface
public interface BrokerPart {
    AutoCloseable start(BrokerContext ctx) throws Exception;
}
