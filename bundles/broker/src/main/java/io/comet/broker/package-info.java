/**
 * Broker: topics, producing, consuming, admin requests and registration with NameServers, served on the RocketMQ
 * remoting protocol. The API is only {@link io.comet.broker.BrokerConstants} (configuration PID, server, executor
 * and status names); everything else is private to the bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.broker;
