package io.comet.config.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * RocketMQ configuration keys grouped by the feature that implements them, so that a key which RocketMQ knows
 * but no installed bundle declares is refused with the feature that is missing (for example
 * {@code brokerRole} on a node without the HA bundle) rather than as a typo. Only used for messages: a key
 * declared by an installed bundle's metatype is always routed to that bundle, whatever this table says.
 */
final class KnownRocketMqKeys {
    private static final Map<String, String> FEATURE_BY_KEY = new HashMap<>();

    static {
        feature("the broker",
                "brokerClusterName", "brokerName", "brokerId", "brokerIP1", "brokerIP2", "namesrvAddr",
                "brokerPermission", "defaultTopicQueueNums", "autoCreateTopicEnable", "autoCreateSubscriptionGroup",
                "clusterTopicEnable", "brokerTopicEnable", "sendMessageThreadPoolNums", "pullMessageThreadPoolNums",
                "queryMessageThreadPoolNums", "adminBrokerThreadPoolNums", "traceTopicEnable", "msgTraceTopicName",
                "aclEnable", "enablePropertyFilter", "longPollingEnable", "registerBrokerTimeoutMills",
                "forceRegister", "registerNameServerPeriod", "fetchNamesrvAddrByAddressServer",
                "brokerElectionPriority", "isolateLogEnable", "enableSlaveActingMaster", "timerWheelEnable");
        feature("the store",
                "storePathRootDir", "storePathCommitLog", "storePathConsumeQueue", "storePathIndex",
                "mappedFileSizeCommitLog", "mappedFileSizeConsumeQueue", "maxMessageSize", "deleteWhen",
                "fileReservedTime", "diskMaxUsedSpaceRatio", "diskSpaceWarningLevelRatio",
                "diskSpaceCleanForciblyRatio", "cleanResourceInterval", "putMessageTimeout",
                "useReentrantLockWhenPutMessage", "osPageCacheBusyTimeOutMills", "messageIndexEnable",
                "maxHashSlotNum", "maxIndexNum", "writeWithoutMmap", "warmMapedFileEnable",
                "transientStorePoolEnable", "transientStorePoolSize", "fastFailIfNoBufferInStorePool",
                "commitIntervalCommitLog", "commitCommitLogLeastPages", "commitCommitLogThoroughInterval",
                "flushIntervalConsumeQueue", "flushConsumeQueueLeastPages", "flushConsumeQueueThoroughInterval");
        feature("the flush policies",
                "flushDiskType", "syncFlushTimeout", "flushIntervalCommitLog", "flushCommitLogLeastPages",
                "flushCommitLogThoroughInterval", "flushCommitLogTimed", "wakeFlushWhenPutMessage",
                "wakeCommitWhenPutMessage");
        feature("master/slave replication (HA)",
                "brokerRole", "haListenPort", "haMasterAddress", "haSendHeartbeatInterval", "haHousekeepingInterval",
                "haTransferBatchSize", "haMaxGapNotInSync", "haSlaveFallbehindMax", "slaveReadEnable",
                "slaveTimeout", "haMaxTimeSlaveNotCatchup", "inSyncReplicas", "minInSyncReplicas", "totalReplicas",
                "allAckInSyncStateSet", "asyncLearner", "syncFromLastFile", "enableAutoInSyncReplicas");
        feature("the DLedger commit log",
                "enableDLegerCommitLog", "dLegerGroup", "dLegerPeers", "dLegerSelfId", "preferredLeaderId",
                "enableBatchPush", "storePathDLedgerCommitLog");
        feature("controller mode",
                "enableControllerMode", "controllerAddr", "fetchControllerAddrByDnsLookup",
                "syncBrokerMetadataPeriod", "checkSyncStateSetPeriod", "syncControllerMetadataPeriod",
                "controllerHeartBeatTimeoutMills", "brokerHeartbeatInterval", "storePathEpochFile",
                "storePathBrokerIdentity");
        feature("the controller",
                "enableControllerInNamesrv", "controllerType", "controllerDLegerGroup", "controllerDLegerPeers",
                "controllerDLegerSelfId", "controllerStorePath", "enableElectUncleanMaster",
                "notifyBrokerRoleChanged", "scanInactiveMasterInterval", "electMasterMaxRetryCount",
                "controllerThreadPoolNums", "controllerRequestThreadPoolQueueCapacity", "isProcessReadEvent",
                "jRaftGroupId", "jRaftServerId", "jRaftInitConf", "jRaftControllerRPCAddr");
        feature("the NameServer",
                "rocketmqHome", "kvConfigPath", "configStorePath", "productEnvName", "clusterTest",
                "orderMessageEnable", "scanNotActiveBrokerInterval", "defaultThreadPoolNums",
                "clientRequestThreadPoolNums", "serverWorkerThreads", "serverCallbackExecutorThreads",
                "serverSelectorThreads", "serverOnewaySemaphoreValue", "serverAsyncSemaphoreValue",
                "serverChannelMaxIdleTimeSeconds", "serverSocketSndBufSize", "serverSocketRcvBufSize",
                "serverPooledByteBufAllocatorEnable", "useEpollNativeSelector", "listenPort", "bindAddress");
    }

    private KnownRocketMqKeys() { }

    private static void feature(String feature, String... keys) {
        for (String key : keys) {
            FEATURE_BY_KEY.putIfAbsent(key, feature);
        }
    }

    /** The feature that implements {@code key} in RocketMQ, or {@code null} when RocketMQ has no such key here. */
    static String featureOf(String key) {
        return FEATURE_BY_KEY.get(key);
    }
}
