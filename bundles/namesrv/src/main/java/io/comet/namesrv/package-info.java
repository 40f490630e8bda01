/** NameServer: broker registration, routes, cluster info and KV config. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.namesrv;
