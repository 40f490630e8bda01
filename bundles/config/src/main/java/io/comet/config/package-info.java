/** config: RocketMQ properties files into ConfigAdmin, validated by metatype, watched and written back. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.config;
