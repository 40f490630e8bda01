package io.comet.namesrv;

/** Names other bundles and operators use to address the NameServer. */
public final class Namesrv {
    private Namesrv() {}

    /** ConfigAdmin PID of the NameServer; its attribute ids are RocketMQ's namesrv key names. */
    public static final String PID = "comet.namesrv";

    /**
     * Name of the NameServer's remoting server: the value of {@code comet.remoting.server} on the registered
     * {@code RemotingServer} service, which whiteboard request processors name to join it.
     */
    public static final String SERVER_NAME = "namesrv";

    /** {@code statusName()} of the NameServer's {@code StatusSource} service. */
    public static final String STATUS_NAME = "namesrv";

    /** KV-config namespace holding ordered-topic queue layouts ({@code brokerName:queueNums[;...]}) by topic. */
    public static final String NAMESPACE_ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";
}
