/**
 * RocketMQ remoting: the {@link io.comet.remoting.RemotingCommand} frame model, request and response codes,
 * the server and client contracts, and the whiteboard contract ({@link io.comet.remoting.RequestProcessor}
 * services carrying {@link io.comet.remoting.RequestProcessor#SERVER} and
 * {@link io.comet.remoting.RequestProcessor#CODES}) through which other bundles serve request codes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.remoting;
