/**
 * Implementation of the namesrv bundle. Not API: private to the bundle.
 * <ul>
 *   <li>{@code route}: the route tables (brokers, clusters, topic queues, liveness) and the operations on them;</li>
 *   <li>{@code kv}: the persisted KV configuration;</li>
 *   <li>{@code processor}: the remoting request processors;</li>
 *   <li>this package: {@link io.comet.namesrv.internal.NameServerCore} (server, scanner, processors; usable
 *       without OSGi) and the DS component {@link io.comet.namesrv.internal.NameServer}.</li>
 * </ul>
 */
package io.comet.namesrv.internal;
