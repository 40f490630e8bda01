/**
 * Configuration of a node in RocketMQ key names: {@link io.comet.config.ConfigService} validates and applies
 * changes through ConfigAdmin and keeps the node's properties file in step.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.comet.config;
