/**
 * Comet's shared vocabulary: the RocketMQ message model and stored-record codec, JSON conventions of the
 * RocketMQ wire (sorted keys, no nulls, quoted numeric map keys), topic configuration and permissions.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.common;
