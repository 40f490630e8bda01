/** flush: SYNC_FLUSH group commit and ASYNC_FLUSH strategies for the store, swapped live. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.flush;
