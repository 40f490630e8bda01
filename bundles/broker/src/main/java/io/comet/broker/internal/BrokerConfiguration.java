package io.comet.broker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of PID {@code comet.broker}. Attribute ids are RocketMQ's broker key names (BrokerConfig and the
 * broker's NettyServerConfig) with RocketMQ's defaults, so a RocketMQ {@code broker.properties} is accepted as it
 * is. Store keys ({@code storePathRootDir}, {@code maxMessageSize}, ...) belong to {@code comet.store}, flush keys
 * to {@code comet.flush}, replication keys ({@code brokerRole}, {@code haListenPort}, ...) to {@code comet.ha}.
 * Keys marked "accepted for compatibility" have no effect in Comet.
 */
@ObjectClassDefinition(id = "comet.broker", name = "Comet broker",
        description = "RocketMQ-compatible broker: topics, producing, consuming, admin, NameServer registration.")
public @interface BrokerConfiguration {

    @AttributeDefinition(description = "Cluster this broker belongs to.")
    String brokerClusterName() default "DefaultCluster";

    @AttributeDefinition(description = "Name of the broker group (master and slaves share it); empty = broker-a.")
    String brokerName() default "";

    @AttributeDefinition(description = "The id a SLAVE registers with (> 0; 0 registers as 1). A master always"
            + " registers with 0. The role (brokerRole) belongs to the HA configuration (comet.ha).", min = "0")
    long brokerId() default 0;

    @AttributeDefinition(description = "Address announced to NameServers and clients; empty = a non-loopback "
            + "local address.")
    String brokerIP1() default "";

    @AttributeDefinition(description = "Host announced in the HA address (haServerAddr); empty = brokerIP1.")
    String brokerIP2() default "";

    @AttributeDefinition(description = "Port clients connect to.", min = "0", max = "65535")
    int listenPort() default 10911;

    @AttributeDefinition(description = "Address to bind, 0.0.0.0 for all (Comet extra).")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "NameServer addresses, host:port separated by ; (or ,).")
    String namesrvAddr() default "";

    @AttributeDefinition(description = "Topics are created on first send from the default topic TBW102.")
    boolean autoCreateTopicEnable() default true;

    @AttributeDefinition(description = "Subscription groups are created on first use.")
    boolean autoCreateSubscriptionGroup() default true;

    @AttributeDefinition(description = "Queues of an auto-created topic (capped by the default topic's).", min = "1")
    int defaultTopicQueueNums() default 8;

    @AttributeDefinition(description = "Broker permission: 6 read+write, 4 read only, 2 write only.",
            min = "0", max = "15")
    int brokerPermission() default 6;

    @AttributeDefinition(description = "A topic named after the cluster is created.")
    boolean clusterTopicEnable() default true;

    @AttributeDefinition(description = "A topic named after the broker is created.")
    boolean brokerTopicEnable() default true;

    @AttributeDefinition(description = "The message-trace topic RMQ_SYS_TRACE_TOPIC is created.")
    boolean traceTopicEnable() default false;

    @AttributeDefinition(description = "Name of the message-trace topic.")
    String msgTraceTopicName() default "RMQ_SYS_TRACE_TOPIC";

    @AttributeDefinition(description = "How often to register with the NameServers, in ms (10000..60000).",
            min = "10000", max = "60000")
    int registerNameServerPeriod() default 30000;

    @AttributeDefinition(description = "Timeout of one registration call, in ms.", min = "1")
    int registerBrokerTimeoutMills() default 24000;

    @AttributeDefinition(description = "Registrations carry a compressed body (RocketMQ 4.x+ compact form).")
    boolean compressedRegister() default false;

    @AttributeDefinition(description = "Re-register every period even when the topic table did not change.")
    boolean forceRegister() default true;

    @AttributeDefinition(description = "Threads serving sends; 0 = min(4, cores).", min = "0", max = "1024")
    int sendMessageThreadPoolNums() default 0;

    @AttributeDefinition(description = "Threads serving pulls; 0 = 16 + 2 x cores.", min = "0", max = "4096")
    int pullMessageThreadPoolNums() default 0;

    @AttributeDefinition(description = "Threads serving admin and query requests.", min = "1", max = "4096")
    int adminBrokerThreadPoolNums() default 16;

    @AttributeDefinition(description = "Threads serving heartbeats; 0 = min(32, cores).", min = "0", max = "1024")
    int heartbeatThreadPoolNums() default 0;

    @AttributeDefinition(description = "Netty I/O threads.", min = "1", max = "1024")
    int serverSelectorThreads() default 3;

    @AttributeDefinition(description = "Accepted for compatibility: frames are decoded on the I/O threads.")
    int serverWorkerThreads() default 8;

    @AttributeDefinition(description = "A connection silent this long is closed, in seconds.", min = "1")
    int serverChannelMaxIdleTimeSeconds() default 120;

    @AttributeDefinition(description = "Pulls are held until messages arrive (long polling).")
    boolean longPollingEnable() default true;

    @AttributeDefinition(description = "How long a pull is held without long polling, in ms.", min = "0")
    long shortPollingTimeMills() default 1000;

    @AttributeDefinition(description = "Delay of each delay level, separated by spaces (s, m, h, d units).")
    String messageDelayLevel() default "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    @AttributeDefinition(description = "SQL92 property filters are accepted.")
    boolean enablePropertyFilter() default false;

    @AttributeDefinition(description = "A half message older than this is checked back, in ms.", min = "0")
    long transactionTimeOut() default 6000;

    @AttributeDefinition(description = "Check-backs of one half message before it is dropped.", min = "0")
    int transactionCheckMax() default 15;

    @AttributeDefinition(description = "How often half messages are checked back, in ms.", min = "1")
    long transactionCheckInterval() default 60000;

    @AttributeDefinition(description = "Slaves serve reads when the master lags (suggestWhichBrokerId).")
    boolean slaveReadEnable() default false;

    @AttributeDefinition(description = "With slaveReadEnable, a pull whose data lies further behind the commit log's "
            + "end than this percentage of RAM sends the consumer to the group's whichBrokerWhenConsumeSlowly.",
            min = "0", max = "100")
    int accessMessageInMemoryMaxRatio() default 40;

    @AttributeDefinition(description = "Largest number of messages one pull returns.", min = "1")
    int maxPullMsgNums() default 32;

    @AttributeDefinition(description = "Rejects sends while the store's page cache is busy: accepted for compatibility.")
    boolean rejectTransactionMessage() default false;

    @AttributeDefinition(description = "Messages returned by one QUERY_MESSAGE at most.", min = "1")
    int defaultQueryMaxNum() default 32;

    @AttributeDefinition(description = "Region announced in send responses (MSG_REGION).")
    String regionId() default "DefaultRegion";

    @AttributeDefinition(description = "Send responses announce tracing as on (TRACE_ON).")
    boolean traceOn() default true;

    @AttributeDefinition(description = "RocketMQ home: accepted for compatibility.")
    String rocketmqHome() default "";
}
