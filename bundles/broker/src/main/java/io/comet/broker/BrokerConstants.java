package io.comet.broker;

/** Names other bundles and operators use to address a broker. */
public final class BrokerConstants {
    private BrokerConstants() {}

    /** ConfigAdmin PID of the broker; its attribute ids are RocketMQ's broker key names. */
    public static final String PID = "comet.broker";

    /**
     * Name of the broker's remoting server: the value of {@code comet.remoting.server} on the registered
     * {@code RemotingServer} service, which whiteboard request processors name to join it.
     */
    public static final String SERVER_NAME = "broker";

    /** {@code statusName()} of the broker's {@code StatusSource} service. */
    public static final String STATUS_NAME = "broker";

    /** Executor group of SEND_MESSAGE, SEND_MESSAGE_V2, SEND_BATCH_MESSAGE, CONSUMER_SEND_MSG_BACK, END_TRANSACTION. */
    public static final String EXECUTOR_SEND = "send";
    /** Executor group of PULL_MESSAGE and LITE_PULL_MESSAGE. */
    public static final String EXECUTOR_PULL = "pull";
    /** Executor group of admin and query requests (topics, config, offsets, runtime info, message lookups). */
    public static final String EXECUTOR_ADMIN = "admin";
    /** Executor group of HEART_BEAT, UNREGISTER_CLIENT and consumer-list requests. */
    public static final String EXECUTOR_HEARTBEAT = "heartbeat";
}
