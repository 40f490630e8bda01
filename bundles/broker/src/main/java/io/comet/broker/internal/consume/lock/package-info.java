/** Orderly-consumption queue locks (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ). Not API: private to the bundle. */
package io.comet.broker.internal.consume.lock;
