/**
 * NameServer: broker registration, routes, cluster info and KV config, served on the RocketMQ remoting protocol.
 * The API is only {@link io.comet.namesrv.Namesrv}'s constants (configuration PID, server and status names);
 * everything else is private to the bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.namesrv;
