/**
 * HA: master/slave commit-log replication. {@link io.comet.ha.ReplicationGate} is what the broker's send path
 * asks after an append; {@link io.comet.ha.HaService} is what the broker (and ConfigAdmin) use to change roles and
 * to tell a slave where its master is.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.comet.ha;
