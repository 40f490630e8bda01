package io.comet.flush.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of the PID {@code comet.flush}: RocketMQ's flush keys with RocketMQ's defaults. Both flush components
 * read it; the store reads {@code flushDiskType} from it to pick a policy.
 */
@ObjectClassDefinition(id = "comet.flush", name = "Comet flush",
        description = "Commit-log flush policy (SYNC_FLUSH group commit or ASYNC_FLUSH interval flush)"
                + " and its tunables.")
public @interface FlushConfig {
    @AttributeDefinition(name = "flushDiskType",
            description = "SYNC_FLUSH: a send is acknowledged after an fsync covers it."
                    + " ASYNC_FLUSH: after it is in the page cache.",
            options = {@Option(label = "SYNC_FLUSH", value = "SYNC_FLUSH"),
                    @Option(label = "ASYNC_FLUSH", value = "ASYNC_FLUSH")})
    String flushDiskType() default "ASYNC_FLUSH";

    @AttributeDefinition(name = "syncFlushTimeout", min = "1",
            description = "SYNC_FLUSH: milliseconds a send waits for its fsync before it answers FLUSH_DISK_TIMEOUT.")
    long syncFlushTimeout() default 5000L;

    @AttributeDefinition(name = "flushIntervalCommitLog", min = "1",
            description = "ASYNC_FLUSH: milliseconds between flush attempts.")
    int flushIntervalCommitLog() default 500;

    @AttributeDefinition(name = "flushCommitLogLeastPages", min = "0",
            description = "ASYNC_FLUSH: a periodic flush runs only when at least this many 4 KiB pages are dirty.")
    int flushCommitLogLeastPages() default 4;

    @AttributeDefinition(name = "flushCommitLogThoroughInterval", min = "0",
            description = "ASYNC_FLUSH: milliseconds between flushes of whatever is dirty,"
                    + " ignoring flushCommitLogLeastPages.")
    int flushCommitLogThoroughInterval() default 10000;

    @AttributeDefinition(name = "flushCommitLogTimed",
            description = "ASYNC_FLUSH: true sleeps the whole interval; false waits and can be woken by appends.")
    boolean flushCommitLogTimed() default true;

    @AttributeDefinition(name = "wakeFlushWhenPutMessage",
            description = "ASYNC_FLUSH with flushCommitLogTimed=false: each append wakes the flush thread.")
    boolean wakeFlushWhenPutMessage() default false;
}
