/**
 * Implementation of the HA bundle. Not API: private to the bundle.
 *
 * <p>{@link io.comet.ha.internal.DefaultHaService} holds the role and runs the hand-overs. A master runs an
 * {@link io.comet.ha.internal.HaServer} with one {@link io.comet.ha.internal.SlaveConnection} per slave and
 * completes SYNC waiters from their acks through {@link io.comet.ha.internal.SyncWaiters}; a slave runs an
 * {@link io.comet.ha.internal.HaClient}. {@link io.comet.ha.internal.HaFrames} documents the wire format and
 * {@link io.comet.ha.internal.EpochHistory} the epoch file that decides what a demoted master truncates.
 * {@link io.comet.ha.internal.HaComponent} is the DS component (PID {@code comet.ha}).
 */
package io.comet.ha.internal;
