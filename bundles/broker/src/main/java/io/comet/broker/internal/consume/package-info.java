/**
 * The consuming side of the broker: client heartbeats and consumer groups, pulls with long polling and filters,
 * consumer offsets, subscription groups, orderly locks, retries and dead letters, delayed delivery and the
 * transaction check-back. {@link io.comet.broker.internal.consume.ConsumeSide} builds it on a
 * {@code BrokerContext} and registers its request processors. Not API: private to the bundle.
 */
package io.comet.broker.internal.consume;
