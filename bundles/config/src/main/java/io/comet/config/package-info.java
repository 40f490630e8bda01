/**
 * Configuration of a node in RocketMQ key names: {@link io.comet.config.ConfigService} validates and applies
 * changes through ConfigAdmin and keeps the node's properties file in step; {@link io.comet.config.NodeStopper}
 * stops the node with an exit status and a reason; {@link io.comet.config.ConfigText} reads and writes properties text.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package io.comet.config;
