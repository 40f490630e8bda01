package io.comet.ha.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of the PID {@code comet.ha}: RocketMQ's HA keys with RocketMQ's defaults. Designated through
 * {@code pid} here because bnd refuses {@code @Designate} on a component with two PIDs ({@link HaComponent} also
 * reads {@code comet.broker} for {@code listenPort}).
 */
@ObjectClassDefinition(id = "comet.ha", pid = "comet.ha", name = "Comet HA",
        description = "Master/slave replication: the broker's role, the HA port and the SYNC_MASTER ack rules.")
public @interface HaConfig {
    @AttributeDefinition(name = "brokerRole",
            description = "ASYNC_MASTER acknowledges without waiting for slaves; SYNC_MASTER after the required"
                    + " slaves hold the message; SLAVE copies its master and refuses writes. Changes apply live.",
            options = {@Option(label = "ASYNC_MASTER", value = "ASYNC_MASTER"),
                    @Option(label = "SYNC_MASTER", value = "SYNC_MASTER"),
                    @Option(label = "SLAVE", value = "SLAVE")})
    String brokerRole() default "ASYNC_MASTER";

    @AttributeDefinition(name = "haListenPort", min = "0", max = "65535",
            description = "TCP port a master accepts slaves on. 0 (or unset): listenPort + 1, 10912 by default.")
    int haListenPort() default 0;

    @AttributeDefinition(name = "haMasterAddress", required = false,
            description = "SLAVE: the master's HA address host:port. Empty: learned from the NameServer.")
    String haMasterAddress() default "";

    @AttributeDefinition(name = "haSendHeartbeatInterval", min = "1",
            description = "Milliseconds between a slave's offset reports (and a master's heartbeat) when idle.")
    long haSendHeartbeatInterval() default 5000L;

    @AttributeDefinition(name = "haHousekeepingInterval", min = "1",
            description = "Milliseconds without reading anything after which either side closes the connection.")
    long haHousekeepingInterval() default 20000L;

    @AttributeDefinition(name = "haTransferBatchSize", min = "1", max = "67108852",
            description = "Largest number of commit-log bytes a master sends in one transfer.")
    int haTransferBatchSize() default 32768;

    @AttributeDefinition(name = "haSlaveFallbehindMax", min = "0",
            description = "A slave further behind than this many bytes is not in sync: SYNC_MASTER answers"
                    + " SLAVE_NOT_AVAILABLE when fewer in-sync slaves than required are connected.")
    long haSlaveFallbehindMax() default 268435456L;

    @AttributeDefinition(name = "slaveTimeout", min = "1",
            description = "SYNC_MASTER: milliseconds a send waits for its slaves before FLUSH_SLAVE_TIMEOUT.")
    long slaveTimeout() default 3000L;

    @AttributeDefinition(name = "inSyncReplicas", min = "1",
            description = "Replicas (the master counts as one) that must hold a message before a SYNC_MASTER"
                    + " acknowledges it. SYNC_MASTER always waits for at least one slave, so 1 and 2 both mean"
                    + " one slave.")
    int inSyncReplicas() default 1;
}
