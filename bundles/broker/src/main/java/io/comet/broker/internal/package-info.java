/**
 * Implementation of the broker bundle. Not API: private to the bundle.
 * <ul>
 *   <li>this package: the DS component {@code Broker}, {@link io.comet.broker.internal.BrokerContext} (what the
 *       parts of a running broker share), settings and their metatype;</li>
 *   <li>{@code topic}: the topic table ({@code topics.json}), system topics, auto-create rules;</li>
 *   <li>{@code send}: SEND_MESSAGE / V2 / BATCH, END_TRANSACTION, delay and transaction rewriting;</li>
 *   <li>{@code admin}: topic, config, runtime-info and message-query requests;</li>
 *   <li>{@code register}: registration with NameServers;</li>
 *   <li>{@code consume}: pull, heartbeats, offsets, locks, subscription groups, send-back, delay delivery,
 *       transaction check-back.</li>
 * </ul>
 */
package io.comet.broker.internal;
