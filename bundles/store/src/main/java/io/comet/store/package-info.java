/** store: commit log, consume queues, index, checkpoint, recovery and retention. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.store;
