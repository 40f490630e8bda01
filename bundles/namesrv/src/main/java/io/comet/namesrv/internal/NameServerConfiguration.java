package io.comet.namesrv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of PID {@code comet.namesrv}. Attribute ids are RocketMQ's namesrv key names (NamesrvConfig and
 * NettyServerConfig) with RocketMQ's defaults, so a RocketMQ {@code namesrv.properties} is accepted as it is.
 * Keys marked "accepted for compatibility" tune parts RocketMQ has and Comet's transport does not; they have no
 * effect. Changes apply live; those marked "rebinds" restart the listening server, which closes its connections
 * (brokers re-register within their 30 s period, clients reconnect on their next call).
 */
@ObjectClassDefinition(id = "comet.namesrv", name = "Comet NameServer",
        description = "RocketMQ-compatible name server: broker registration, routes, cluster info, KV config.")
public @interface NameServerConfiguration {

    @AttributeDefinition(description = "Port to listen on (rebinds).", min = "0", max = "65535")
    int listenPort() default 9876;

    @AttributeDefinition(description = "Address to bind, 0.0.0.0 for all (Comet extra; rebinds).")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "Netty I/O threads (rebinds).", min = "1", max = "1024")
    int serverSelectorThreads() default 3;

    @AttributeDefinition(description = "Accepted for compatibility: frames are decoded on the I/O threads.")
    int serverWorkerThreads() default 8;

    @AttributeDefinition(description = "Accepted for compatibility: the NameServer has no callback executor.")
    int serverCallbackExecutorThreads() default 0;

    @AttributeDefinition(description = "Accepted for compatibility.")
    int serverOnewaySemaphoreValue() default 256;

    @AttributeDefinition(description = "Accepted for compatibility.")
    int serverAsyncSemaphoreValue() default 64;

    @AttributeDefinition(description = "A connection silent this long is closed, in seconds (rebinds).", min = "1")
    int serverChannelMaxIdleTimeSeconds() default 120;

    @AttributeDefinition(description = "Accepted for compatibility: the operating system's buffer size is used.")
    int serverSocketSndBufSize() default 0;

    @AttributeDefinition(description = "Accepted for compatibility: the operating system's buffer size is used.")
    int serverSocketRcvBufSize() default 0;

    @AttributeDefinition(description = "Accepted for compatibility.")
    boolean serverPooledByteBufAllocatorEnable() default true;

    @AttributeDefinition(description = "Accepted for compatibility: Comet uses the NIO transport.")
    boolean useEpollNativeSelector() default false;

    @AttributeDefinition(description = "RocketMQ home; empty = system property rocketmq.home.dir or ROCKETMQ_HOME.")
    String rocketmqHome() default "";

    @AttributeDefinition(description = "File of the KV configuration; ~ is the user's home directory.")
    String kvConfigPath() default "~/namesrv/kvConfig.json";

    @AttributeDefinition(description = "Accepted for compatibility: Comet writes changes back to the node's -c file.")
    String configStorePath() default "~/namesrv/namesrv.properties";

    @AttributeDefinition(description = "Accepted for compatibility (used by RocketMQ's clusterTest only).")
    String productEnvName() default "center";

    @AttributeDefinition(description = "RocketMQ's cluster-test route forwarding: not supported by Comet.",
            options = @Option(label = "false", value = "false"))
    boolean clusterTest() default false;

    @AttributeDefinition(description = "Routes carry orderTopicConf from the ORDER_TOPIC_CONFIG KV namespace.")
    boolean orderMessageEnable() default false;

    @AttributeDefinition(description = "REGISTER_BROKER answers carry the ORDER_TOPIC_CONFIG KV namespace.")
    boolean returnOrderTopicConfigToBroker() default true;

    @AttributeDefinition(description = "Threads serving GET_ROUTEINFO_BY_TOPIC (rebinds).", min = "1", max = "4096")
    int clientRequestThreadPoolNums() default 8;

    @AttributeDefinition(description = "Threads serving all other requests (rebinds).", min = "1", max = "4096")
    int defaultThreadPoolNums() default 16;

    @AttributeDefinition(description = "Accepted for compatibility.")
    int clientRequestThreadPoolQueueCapacity() default 50000;

    @AttributeDefinition(description = "Accepted for compatibility.")
    int defaultThreadPoolQueueCapacity() default 10000;

    @AttributeDefinition(description = "How often silent brokers are looked for, in ms.", min = "1")
    long scanNotActiveBrokerInterval() default 5000;

    @AttributeDefinition(description = "A broker silent this long is removed, in ms, unless it announced its own "
            + "limit (5.x heartbeatTimeoutMillis). Comet's name for RocketMQ's fixed 120 s.", min = "1")
    long brokerChannelExpiredTime() default 120000;

    @AttributeDefinition(description = "Accepted for compatibility: unregistration is synchronous.")
    int unRegisterBrokerQueueCapacity() default 3000;

    @AttributeDefinition(description = "Routes show the smallest-id slave of a master-less acting-master group as id 0.")
    boolean supportActingMaster() default false;

    @AttributeDefinition(description = "GET_ALL_TOPIC_LIST_FROM_NAMESERVER is served.")
    boolean enableAllTopicList() default true;

    @AttributeDefinition(description = "GET_TOPICS_BY_CLUSTER is served.")
    boolean enableTopicList() default true;

    @AttributeDefinition(description = "Pushing NOTIFY_MIN_BROKER_ID_CHANGE to brokers: not supported by Comet.",
            options = @Option(label = "false", value = "false"))
    boolean notifyMinBrokerIdChanged() default false;

    @AttributeDefinition(description = "A master's registration removes its topics it no longer lists.")
    boolean deleteTopicWithBrokerRegistration() default false;

    @AttributeDefinition(description = "Keys UPDATE_NAMESRV_CONFIG may not change, separated by ;.")
    String configBlackList() default "configBlackList;configStorePath;kvConfigPath";
}
