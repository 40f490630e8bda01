/**
 * Implementation of the flush bundle. Not API: private to the bundle.
 *
 * <p>{@link io.comet.flush.internal.SyncFlushPolicy} (group commit) and
 * {@link io.comet.flush.internal.AsyncFlushPolicy} (interval flush) share the attach / forward / hand-over life
 * cycle of {@link io.comet.flush.internal.HandOverFlushPolicy}; each attachment runs a
 * {@link io.comet.flush.internal.FlushEngine}. The DS components register them as prototype services.
 */
package io.comet.flush.internal;
